package dev.stellar.finetune.eval;

import dev.stellar.finetune.config.ProblemType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The figures of a classifier on one split. Precision, recall and F1 are those of class 1 when there
 * are two labels ("binary", as scikit-learn's default), and the unweighted mean over classes otherwise
 * ("macro"). A ratio with a zero denominator counts as 0, as scikit-learn's zero_division default. The
 * figures that need probabilities (ROC AUC, PR AUC, log loss, calibration) are NaN (calibration null) when
 * only predictions were given, and ROC AUC and PR AUC when a class has no rows.
 *
 * @param confusion counts by [true label][predicted label]
 * @param loss mean cross-entropy, or NaN when not measured
 * @param mcc Matthews correlation coefficient (scikit-learn's multiclass form; 0 when undefined)
 * @param rocAuc area under the ROC curve of class 1 with two labels, else one-vs-rest macro
 * @param prAuc average precision, of class 1 with two labels, else one-vs-rest macro
 * @param logLoss mean negative log probability of the true label, probabilities clipped at 1e-15 as
 *     scikit-learn's log_loss
 * @param multiLabel the multi-label figures, {@code null} for other problem types; the fields above then hold
 *     subset accuracy, micro precision, recall and F1, per-label figures and macro ROC and PR AUC
 * @param regression the regression figures, {@code null} for other problem types; the classification fields
 *     above are then NaN and empty
 */
public record ClassificationMetrics(
        int count,
        double accuracy,
        double precision,
        double recall,
        double f1,
        String averaging,
        double loss,
        List<ClassMetrics> perClass,
        int[][] confusion,
        double mcc,
        double rocAuc,
        double prAuc,
        double logLoss,
        Calibration calibration,
        MultiLabelMetrics multiLabel,
        RegressionMetrics regression) {

    private static final double CLIP = 1e-15;

    /** The figures of predictions alone: those that need probabilities are NaN. */
    public static ClassificationMetrics of(int[] truth, int[] predicted, List<String> labels, double loss) {
        return of(truth, predicted, null, labels, loss);
    }

    /** The figures of probabilities (one row per example, one column per label), predicting the likeliest. */
    public static ClassificationMetrics of(int[] truth, float[][] probabilities, List<String> labels, double loss) {
        int[] predicted = new int[probabilities.length];
        for (int r = 0; r < predicted.length; r++) {
            for (int k = 1; k < probabilities[r].length; k++) {
                predicted[r] = probabilities[r][k] > probabilities[r][predicted[r]] ? k : predicted[r];
            }
        }
        return of(truth, predicted, probabilities, labels, loss);
    }

    private static ClassificationMetrics of(
            int[] truth, int[] predicted, float[][] probabilities, List<String> labels, double loss) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("truth and predictions differ in length");
        }
        int classes = labels.size();
        int[][] confusion = new int[classes][classes];
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            confusion[truth[i]][predicted[i]]++;
            if (truth[i] == predicted[i]) {
                correct++;
            }
        }
        List<ClassMetrics> perClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            int truePositives = confusion[c][c];
            int predictedPositives = 0;
            int actualPositives = 0;
            for (int k = 0; k < classes; k++) {
                predictedPositives += confusion[k][c];
                actualPositives += confusion[c][k];
            }
            double precision = ratio(truePositives, predictedPositives);
            double recall = ratio(truePositives, actualPositives);
            double f1 = ratio(2.0 * truePositives, predictedPositives + actualPositives);
            perClass.add(new ClassMetrics(labels.get(c), precision, recall, f1, actualPositives));
        }
        double accuracy = ratio(correct, truth.length);
        double mcc = matthews(confusion);
        double rocAuc = Double.NaN;
        double prAuc = Double.NaN;
        double logLoss = Double.NaN;
        Calibration calibration = null;
        if (probabilities != null) {
            rocAuc = classes == 2
                    ? RankMetrics.rocAuc(positiveScores(probabilities), positives(truth))
                    : RankMetrics.oneVsRestMacro(probabilities, truth, classes, true);
            prAuc = classes == 2
                    ? RankMetrics.averagePrecision(positiveScores(probabilities), positives(truth))
                    : RankMetrics.oneVsRestMacro(probabilities, truth, classes, false);
            logLoss = logLoss(probabilities, truth);
            calibration = Calibration.of(probabilities, truth, predicted);
        }
        boolean binary = classes == 2;
        return new ClassificationMetrics(
                truth.length,
                accuracy,
                binary ? perClass.get(1).precision() : mean(perClass, ClassMetrics::precision),
                binary ? perClass.get(1).recall() : mean(perClass, ClassMetrics::recall),
                binary ? perClass.get(1).f1() : mean(perClass, ClassMetrics::f1),
                binary ? "binary" : "macro",
                loss,
                perClass,
                confusion,
                mcc,
                rocAuc,
                prAuc,
                logLoss,
                calibration,
                null,
                null);
    }

    /** The figures of sigmoid probabilities against 0/1 targets, a label predicted from {@code threshold}. */
    public static ClassificationMetrics ofMultiLabel(
            float[][] targets, float[][] probabilities, double threshold, List<String> labels, double loss) {
        boolean[][] truth = new boolean[targets.length][];
        for (int r = 0; r < truth.length; r++) {
            truth[r] = new boolean[targets[r].length];
            for (int k = 0; k < truth[r].length; k++) {
                truth[r][k] = targets[r][k] > 0.5f;
            }
        }
        MultiLabelMetrics m = MultiLabelMetrics.of(truth, probabilities, threshold, labels, loss);
        return new ClassificationMetrics(
                m.count(),
                m.subsetAccuracy(),
                m.microPrecision(),
                m.microRecall(),
                m.microF1(),
                "micro",
                loss,
                m.perLabel(),
                null,
                Double.NaN,
                m.rocAuc(),
                m.prAuc(),
                Double.NaN,
                null,
                m,
                null);
    }

    /** The figures of predicted values against the true ones (each a row of one value). */
    public static ClassificationMetrics ofRegression(float[][] targets, float[][] predicted, double loss) {
        double[] truth = new double[targets.length];
        double[] values = new double[targets.length];
        for (int r = 0; r < truth.length; r++) {
            truth[r] = targets[r][0];
            values[r] = predicted[r][0];
        }
        RegressionMetrics m = RegressionMetrics.of(truth, values, loss);
        return new ClassificationMetrics(
                m.count(),
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                "regression",
                loss,
                List.of(),
                null,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                null,
                null,
                m);
    }

    /** The problem type these are the figures of. */
    public ProblemType problemType() {
        return multiLabel != null
                ? ProblemType.MULTI_LABEL
                : regression != null ? ProblemType.REGRESSION : ProblemType.SINGLE_LABEL;
    }

    /** The unweighted mean F1 over the classes (labels, for multi-label); NaN for regression. */
    public double macroF1() {
        if (multiLabel != null) {
            return multiLabel.macroF1();
        }
        return regression != null ? Double.NaN : mean(perClass, ClassMetrics::f1);
    }

    private static double mean(List<ClassMetrics> perClass, ToDoubleFunction<ClassMetrics> figure) {
        return perClass.stream().mapToDouble(figure).average().orElse(0);
    }

    /**
     * scikit-learn's matthews_corrcoef from the confusion matrix: (c s - sum t_k p_k) / sqrt((s^2 - sum p_k^2)
     * (s^2 - sum t_k^2)), with c the correct rows, s all rows, t_k and p_k the true and predicted counts of label
     * k; 0 when a factor of the denominator is 0.
     */
    static double matthews(int[][] confusion) {
        double correct = 0;
        double all = 0;
        double truePredicted = 0;
        double predictedSquares = 0;
        double trueSquares = 0;
        for (int k = 0; k < confusion.length; k++) {
            double t = 0;
            double p = 0;
            for (int j = 0; j < confusion.length; j++) {
                t += confusion[k][j];
                p += confusion[j][k];
            }
            correct += confusion[k][k];
            all += t;
            truePredicted += t * p;
            predictedSquares += p * p;
            trueSquares += t * t;
        }
        double denominator = Math.sqrt((all * all - predictedSquares) * (all * all - trueSquares));
        return denominator == 0 ? 0 : (correct * all - truePredicted) / denominator;
    }

    /** Each row's probabilities clipped to [1e-15, 1 - 1e-15] and renormalised, as scikit-learn 1.2 does. */
    private static double logLoss(float[][] probabilities, int[] truth) {
        double sum = 0;
        for (int r = 0; r < truth.length; r++) {
            double total = 0;
            for (float p : probabilities[r]) {
                total += clip(p);
            }
            sum -= Math.log(clip(probabilities[r][truth[r]]) / total);
        }
        return truth.length == 0 ? Double.NaN : sum / truth.length;
    }

    private static double clip(double p) {
        return Math.min(Math.max(p, CLIP), 1 - CLIP);
    }

    private static double[] positiveScores(float[][] probabilities) {
        double[] scores = new double[probabilities.length];
        for (int r = 0; r < scores.length; r++) {
            scores[r] = probabilities[r][1];
        }
        return scores;
    }

    private static boolean[] positives(int[] truth) {
        boolean[] positive = new boolean[truth.length];
        for (int r = 0; r < truth.length; r++) {
            positive[r] = truth[r] == 1;
        }
        return positive;
    }

    private static double ratio(double numerator, double denominator) {
        return denominator == 0 ? 0 : numerator / denominator;
    }
}
