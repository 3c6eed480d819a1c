package dev.stellar.finetune.eval;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Threshold-free figures of scores against a two-class truth, as scikit-learn defines them: the area under the
 * ROC curve ({@code roc_auc_score}: the chance that a random positive scores above a random negative, a tie
 * counting one half) and average precision ({@code average_precision_score}: the precision at each distinct
 * score, weighted by the recall it adds, without interpolation). Both are undefined (NaN) when the truth holds
 * only one of the two classes, where scikit-learn raises or warns.
 */
final class RankMetrics {

    private RankMetrics() {}

    /** Mann-Whitney's U over the positives' mid-ranks, divided by the number of positive-negative pairs. */
    static double rocAuc(double[] scores, boolean[] positive) {
        double[] ranks = averageRanks(scores);
        double positiveRankSum = 0;
        long positives = 0;
        for (int r = 0; r < scores.length; r++) {
            if (positive[r]) {
                positiveRankSum += ranks[r];
                positives++;
            }
        }
        long negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * Each value's rank from 1 (the smallest) up, values that tie sharing the mean of the ranks they span, as
     * scipy's {@code rankdata(method="average")}: {@code {3, 1, 3, 2}} ranks {@code {3.5, 1, 3.5, 2}}.
     */
    static double[] averageRanks(double[] values) {
        Integer[] order = ascending(values);
        double[] ranks = new double[values.length];
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = midRank;
            }
            i = j + 1;
        }
        return ranks;
    }

    /** The sum over distinct scores, highest first, of (recall gained) x (precision at that score). */
    static double averagePrecision(double[] scores, boolean[] positive) {
        long positives = 0;
        for (boolean p : positive) {
            positives += p ? 1 : 0;
        }
        if (positives == 0 || positives == scores.length) {
            return Double.NaN;
        }
        Integer[] order = ascending(scores);
        double sum = 0;
        long truePositives = 0;
        long predicted = 0;
        double recall = 0;
        int i = order.length - 1;
        while (i >= 0) {
            int j = i;
            while (j - 1 >= 0 && scores[order[j - 1]] == scores[order[i]]) {
                j--;
            }
            for (int k = j; k <= i; k++) {
                truePositives += positive[order[k]] ? 1 : 0;
                predicted++;
            }
            double nextRecall = (double) truePositives / positives;
            sum += (nextRecall - recall) * truePositives / predicted;
            recall = nextRecall;
            i = j - 1;
        }
        return sum;
    }

    /**
     * The unweighted mean over classes of a two-class figure, each class against the rest (scikit-learn's
     * {@code multi_class="ovr"}, {@code average="macro"}); NaN when a class has no rows or all of them.
     */
    static double oneVsRestMacro(float[][] probabilities, int[] truth, int classes, boolean areaUnderRoc) {
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            double[] scores = new double[truth.length];
            boolean[] positive = new boolean[truth.length];
            for (int r = 0; r < truth.length; r++) {
                scores[r] = probabilities[r][c];
                positive[r] = truth[r] == c;
            }
            sum += areaUnderRoc ? rocAuc(scores, positive) : averagePrecision(scores, positive);
        }
        return sum / classes;
    }

    private static Integer[] ascending(double[] scores) {
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        return order;
    }
}
