package dev.stellar.finetune.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The figures of a classifier on one split. Precision, recall and F1 are those of class 1 when there
 * are two labels ("binary", as scikit-learn's default), and the unweighted mean over classes otherwise
 * ("macro"). A ratio with a zero denominator counts as 0, as scikit-learn's zero_division default.
 *
 * @param confusion counts by [true label][predicted label]
 * @param loss mean cross-entropy, or NaN when not measured
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
        int[][] confusion) {

    public static ClassificationMetrics of(int[] truth, int[] predicted, List<String> labels, double loss) {
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
        if (classes == 2) {
            ClassMetrics positive = perClass.get(1);
            return new ClassificationMetrics(
                    truth.length,
                    accuracy,
                    positive.precision(),
                    positive.recall(),
                    positive.f1(),
                    "binary",
                    loss,
                    perClass,
                    confusion);
        }
        double precision =
                perClass.stream().mapToDouble(ClassMetrics::precision).average().orElse(0);
        double recall =
                perClass.stream().mapToDouble(ClassMetrics::recall).average().orElse(0);
        double f1 = perClass.stream().mapToDouble(ClassMetrics::f1).average().orElse(0);
        return new ClassificationMetrics(
                truth.length, accuracy, precision, recall, f1, "macro", loss, perClass, confusion);
    }

    private static double ratio(double numerator, double denominator) {
        return denominator == 0 ? 0 : numerator / denominator;
    }
}
