package dev.stellar.finetune.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The figures that need probabilities, against scikit-learn 1.2.1 (Debian's python3-sklearn) on the same inputs:
 * {@code roc_auc_score}, {@code average_precision_score} (one-vs-rest macro over {@code label_binarize}d truth for
 * three labels), {@code matthews_corrcoef} and {@code log_loss}. scikit-learn has no calibration error; the
 * expected values are worked by hand in the comments.
 */
class ProbabilityMetricsTest {

    /** Probabilities of label 1; three rows tie at 0.43, one of them positive, so ties are counted. */
    private static final double[] POSITIVE = {0.12, 0.43, 0.35, 0.83, 0.43, 0.91, 0.22, 0.43, 0.66, 0.74};

    private static final int[] BINARY_TRUTH = {0, 0, 1, 1, 0, 1, 0, 1, 1, 0};

    private static final float[][] THREE = {
        {0.72f, 0.17f, 0.11f},
        {0.21f, 0.52f, 0.27f},
        {0.13f, 0.26f, 0.61f},
        {0.33f, 0.44f, 0.23f},
        {0.24f, 0.52f, 0.24f},
        {0.43f, 0.43f, 0.14f},
        {0.18f, 0.19f, 0.63f},
        {0.56f, 0.32f, 0.12f}
    };

    private static final int[] THREE_TRUTH = {0, 1, 2, 2, 1, 0, 2, 1};

    private static float[][] binary() {
        float[][] probabilities = new float[POSITIVE.length][];
        for (int r = 0; r < POSITIVE.length; r++) {
            probabilities[r] = new float[] {(float) (1 - POSITIVE[r]), (float) POSITIVE[r]};
        }
        return probabilities;
    }

    @Test
    void twoLabelsMatchScikitLearn() {
        ClassificationMetrics m = ClassificationMetrics.of(BINARY_TRUTH, binary(), List.of("neg", "pos"), Double.NaN);
        assertEquals(0.76, m.rocAuc(), 1e-6);
        assertEquals(0.7892857142857144, m.prAuc(), 1e-6);
        assertEquals(0.408248290463863, m.mcc(), 1e-12);
        assertEquals(0.5437554111499684, m.logLoss(), 1e-6);
    }

    @Test
    void threeLabelsMatchScikitLearnOneVsRest() {
        // Row 6 ties its first two labels: the first is predicted, as numpy's argmax does.
        ClassificationMetrics m = ClassificationMetrics.of(THREE_TRUTH, THREE, List.of("a", "b", "c"), Double.NaN);
        assertEquals(0.8833333333333334, m.rocAuc(), 1e-6);
        assertEquals(0.8555555555555555, m.prAuc(), 1e-6);
        assertEquals(0.6428571428571429, m.mcc(), 1e-12);
        assertEquals(0.7557211383423172, m.logLoss(), 1e-6);
    }

    @Test
    void calibrationErrorWeighsEachBinByItsRows() {
        // Confidences 0.88 0.57 0.65 0.83 0.57 0.91 0.78 0.57 0.66 0.74, right: 1 1 0 1 1 1 1 0 1 0.
        // (0.5, 0.6]: 3 rows, accuracy 2/3, confidence 0.57; (0.6, 0.7]: 2 rows, 0.5 against 0.655;
        // (0.7, 0.8]: 2 rows, 0.5 against 0.76; (0.8, 0.9]: 2 rows, 1 against 0.855; (0.9, 1]: 1 row, 1 against 0.91.
        double expected = 0.3 * (2.0 / 3 - 0.57) + 0.2 * 0.155 + 0.2 * 0.26 + 0.2 * 0.145 + 0.1 * 0.09;
        Calibration c = ClassificationMetrics.of(BINARY_TRUTH, binary(), List.of("neg", "pos"), Double.NaN)
                .calibration();
        assertEquals(expected, c.expectedError(), 1e-6);
        assertEquals(5, c.bins().size());
        assertEquals(3, c.bins().get(0).rows());
        assertEquals(0.5, c.bins().get(0).lower(), 1e-12);
        assertEquals(2.0 / 3, c.bins().get(0).accuracy(), 1e-12);
        // The same formula over three labels: 0.19625 with numpy.
        assertEquals(
                0.19625,
                ClassificationMetrics.of(THREE_TRUTH, THREE, List.of("a", "b", "c"), Double.NaN)
                        .calibration()
                        .expectedError(),
                1e-6);
    }

    @Test
    void aConfidenceOnABinEdgeFallsInTheBinBelow() {
        // 0.7f is 0.69999998 and 0.3f is 0.30000001: both are taken as printed, on the upper edge of their bin.
        float[][] probabilities = {{0.3f, 0.7f}, {0.7f, 0.3f}};
        Calibration c = Calibration.of(probabilities, new int[] {1, 1}, new int[] {1, 0});
        assertEquals(1, c.bins().size());
        assertEquals(0.6, c.bins().get(0).lower(), 1e-12);
        assertEquals(0.5, c.bins().get(0).accuracy(), 1e-12);
    }

    @Test
    void figuresThatNeedBothClassesAreUndefinedWithOne() {
        float[][] probabilities = {{0.2f, 0.8f}, {0.4f, 0.6f}};
        ClassificationMetrics m = ClassificationMetrics.of(new int[] {1, 1}, probabilities, List.of("a", "b"), 0.3);
        assertTrue(Double.isNaN(m.rocAuc()));
        assertTrue(Double.isNaN(m.prAuc()));
        assertEquals(0, m.mcc(), "scikit-learn's 0 for a constant truth");
        assertEquals(-(Math.log(0.8) + Math.log(0.6)) / 2, m.logLoss(), 1e-6);
    }

    @Test
    void predictionsAloneLeaveTheProbabilityFiguresOut() {
        ClassificationMetrics m =
                ClassificationMetrics.of(new int[] {0, 1, 1}, new int[] {0, 1, 0}, List.of("a", "b"), Double.NaN);
        assertTrue(Double.isNaN(m.rocAuc()));
        assertTrue(Double.isNaN(m.logLoss()));
        assertNull(m.calibration());
        // 1 TN, 1 TP, 1 FN: (1 * 1 - 0 * 1) / sqrt(1 * 2 * 2 * 1)
        assertEquals(1 / Math.sqrt(4), m.mcc(), 1e-12);
    }
}
