package dev.stellar.finetune.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The figures of a multi-label classifier on one split, where each row may carry any set of labels and each label is
 * predicted when its probability reaches the threshold ({@code probs >= threshold}, as transformers' multi-label
 * examples). The figures are scikit-learn's on the multi-hot truth and predictions, a ratio with a zero denominator
 * counting as 0 (zero_division=0); with no rows every ratio is NaN.
 *
 * @param count rows
 * @param threshold the probability from which a label is predicted, compared in float precision as a float32 array
 *     is compared with a Python float, so that a probability printed as 0.7 reaches a threshold of 0.7
 * @param subsetAccuracy the share of rows whose predicted label set is exactly the true one (accuracy_score)
 * @param hammingLoss the share of (row, label) cells predicted wrong (hamming_loss)
 * @param microPrecision precision over all cells pooled (average="micro"), likewise microRecall and microF1
 * @param macroPrecision the unweighted mean of the labels' precisions (average="macro"), likewise macroRecall and
 *     macroF1
 * @param rocAuc the mean area under the ROC curve of the labels that have both positive and negative rows, NaN when
 *     none has; scikit-learn raises instead when a label has only one class
 * @param prAuc the mean average precision over the same labels
 * @param loss mean binary cross-entropy, or NaN when not measured
 * @param perLabel each label's precision, recall and F1, its support the rows that carry it
 */
public record MultiLabelMetrics(
        int count,
        double threshold,
        double subsetAccuracy,
        double hammingLoss,
        double microPrecision,
        double microRecall,
        double microF1,
        double macroPrecision,
        double macroRecall,
        double macroF1,
        double rocAuc,
        double prAuc,
        double loss,
        List<ClassMetrics> perLabel) {

    /**
     * The figures of probabilities (one row per example, one column per label) against the true label sets.
     *
     * @throws IllegalArgumentException when the rows differ in number, or a row's length is not the number of labels
     */
    public static MultiLabelMetrics of(
            boolean[][] truth, float[][] probabilities, double threshold, List<String> labels, double loss) {
        if (truth.length != probabilities.length) {
            throw new IllegalArgumentException(
                    "truth has " + truth.length + " rows, probabilities " + probabilities.length);
        }
        int rows = truth.length;
        int width = labels.size();
        for (int r = 0; r < rows; r++) {
            if (truth[r].length != width || probabilities[r].length != width) {
                throw new IllegalArgumentException("row " + r + " has " + truth[r].length + " truths and "
                        + probabilities[r].length + " probabilities for " + width + " labels");
            }
        }
        float cut = (float) threshold;
        int[] truePositives = new int[width];
        int[] predictedPositives = new int[width];
        int[] actualPositives = new int[width];
        int exact = 0;
        long wrongCells = 0;
        for (int r = 0; r < rows; r++) {
            boolean same = true;
            for (int c = 0; c < width; c++) {
                boolean predicted = probabilities[r][c] >= cut;
                boolean actual = truth[r][c];
                truePositives[c] += predicted && actual ? 1 : 0;
                predictedPositives[c] += predicted ? 1 : 0;
                actualPositives[c] += actual ? 1 : 0;
                if (predicted != actual) {
                    same = false;
                    wrongCells++;
                }
            }
            exact += same ? 1 : 0;
        }
        boolean empty = rows == 0 || width == 0;
        List<ClassMetrics> perLabel = new ArrayList<>();
        long pooledTruePositives = 0;
        long pooledPredicted = 0;
        long pooledActual = 0;
        double precisionSum = 0;
        double recallSum = 0;
        double f1Sum = 0;
        double rocSum = 0;
        double prSum = 0;
        int ranked = 0;
        for (int c = 0; c < width; c++) {
            double precision = ratio(truePositives[c], predictedPositives[c], empty);
            double recall = ratio(truePositives[c], actualPositives[c], empty);
            double f1 = ratio(2.0 * truePositives[c], predictedPositives[c] + actualPositives[c], empty);
            perLabel.add(new ClassMetrics(labels.get(c), precision, recall, f1, actualPositives[c]));
            pooledTruePositives += truePositives[c];
            pooledPredicted += predictedPositives[c];
            pooledActual += actualPositives[c];
            precisionSum += precision;
            recallSum += recall;
            f1Sum += f1;
            if (actualPositives[c] > 0 && actualPositives[c] < rows) {
                double[] scores = new double[rows];
                boolean[] positive = new boolean[rows];
                for (int r = 0; r < rows; r++) {
                    scores[r] = probabilities[r][c];
                    positive[r] = truth[r][c];
                }
                rocSum += RankMetrics.rocAuc(scores, positive);
                prSum += RankMetrics.averagePrecision(scores, positive);
                ranked++;
            }
        }
        return new MultiLabelMetrics(
                rows,
                threshold,
                empty ? Double.NaN : (double) exact / rows,
                empty ? Double.NaN : (double) wrongCells / ((double) rows * width),
                ratio((double) pooledTruePositives, (double) pooledPredicted, empty),
                ratio((double) pooledTruePositives, (double) pooledActual, empty),
                ratio(2.0 * pooledTruePositives, (double) (pooledPredicted + pooledActual), empty),
                empty ? Double.NaN : precisionSum / width,
                empty ? Double.NaN : recallSum / width,
                empty ? Double.NaN : f1Sum / width,
                ranked == 0 ? Double.NaN : rocSum / ranked,
                ranked == 0 ? Double.NaN : prSum / ranked,
                loss,
                List.copyOf(perLabel));
    }

    private static double ratio(double numerator, double denominator, boolean empty) {
        return empty ? Double.NaN : denominator == 0 ? 0 : numerator / denominator;
    }
}
