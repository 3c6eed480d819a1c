package dev.stellar.finetune.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The multi-label figures against scikit-learn 1.2.1 (Debian's python3-sklearn) on the same inputs, the
 * probabilities as numpy float32 as the Java floats are:
 *
 * <pre>{@code
 * import numpy as np
 * from sklearn.metrics import (accuracy_score, average_precision_score, hamming_loss,
 *                              precision_recall_fscore_support, roc_auc_score)
 * Y = np.array([[1, 0, 1, 0], [0, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 0],
 *               [1, 0, 0, 0], [0, 1, 1, 0], [0, 0, 0, 0], [1, 1, 1, 0]])
 * P = np.array([[.81, .12, .64, .05], [.40, .77, .30, .10], [.55, .40, .20, .52], [.40, .08, .50, .02],
 *               [.40, .35, .45, .31], [.22, .91, .70, .07], [.30, .50, .33, .60], [.67, .40, .30, .15]],
 *              dtype=np.float32)
 * for t in (0.5, 0.3, 0.7):
 *     Z = (P >= t).astype(int)  # a float32 array against a Python float compares in float32
 *     print(t, repr(accuracy_score(Y, Z)), repr(hamming_loss(Y, Z)))
 *     for average in ('micro', 'macro', None):
 *         print(' ', average, precision_recall_fscore_support(Y, Z, average=average, zero_division=0))
 * keep = [0, 1, 2]  # label d has no positive rows: scikit-learn raises on it
 * print(repr(roc_auc_score(Y[:, keep], P[:, keep], average='macro')),
 *       repr(average_precision_score(Y[:, keep], P[:, keep], average='macro')))
 * }</pre>
 */
class MultiLabelMetricsTest {

    private static final List<String> LABELS = List.of("a", "b", "c", "d");

    /** Label d is on no row. */
    private static final boolean[][] TRUTH = {
        {true, false, true, false},
        {false, true, false, false},
        {true, true, false, false},
        {false, false, true, false},
        {true, false, false, false},
        {false, true, true, false},
        {false, false, false, false},
        {true, true, true, false}
    };

    /**
     * Label a ties at 0.40 (one positive, two negatives), b at 0.40 (two positives) and c at 0.30 (one of each), so
     * the areas count ties; 0.50 (b and c) and 0.70 (c) sit on thresholds.
     */
    private static final float[][] PROBABILITIES = {
        {.81f, .12f, .64f, .05f},
        {.40f, .77f, .30f, .10f},
        {.55f, .40f, .20f, .52f},
        {.40f, .08f, .50f, .02f},
        {.40f, .35f, .45f, .31f},
        {.22f, .91f, .70f, .07f},
        {.30f, .50f, .33f, .60f},
        {.67f, .40f, .30f, .15f}
    };

    private static MultiLabelMetrics at(double threshold) {
        return MultiLabelMetrics.of(TRUTH, PROBABILITIES, threshold, LABELS, 0.42);
    }

    private static void assertLabel(
            ClassMetrics m, String label, double precision, double recall, double f1, int support) {
        assertEquals(label, m.label());
        assertEquals(precision, m.precision(), 1e-9, label + " precision");
        assertEquals(recall, m.recall(), 1e-9, label + " recall");
        assertEquals(f1, m.f1(), 1e-9, label + " F1");
        assertEquals(support, m.support(), label + " support");
    }

    @Test
    void matchesScikitLearnAtOneHalf() {
        MultiLabelMetrics m = at(0.5);
        assertEquals(8, m.count());
        assertEquals(0.5, m.threshold());
        assertEquals(0.5, m.subsetAccuracy(), 1e-9);
        assertEquals(0.21875, m.hammingLoss(), 1e-9);
        assertEquals(0.7272727272727273, m.microPrecision(), 1e-9);
        assertEquals(0.6666666666666666, m.microRecall(), 1e-9);
        assertEquals(0.6956521739130435, m.microF1(), 1e-9);
        assertEquals(0.6666666666666666, m.macroPrecision(), 1e-9);
        assertEquals(0.5, m.macroRecall(), 1e-9);
        assertEquals(0.5714285714285714, m.macroF1(), 1e-9);
        assertEquals(0.42, m.loss());
        assertEquals(4, m.perLabel().size());
        assertLabel(m.perLabel().get(0), "a", 1.0, 0.75, 0.8571428571428571, 4);
        // 0.50 on label b of row 6 (a negative) reaches the threshold.
        assertLabel(m.perLabel().get(1), "b", 0.6666666666666666, 0.5, 0.5714285714285715, 4);
        assertLabel(m.perLabel().get(2), "c", 1.0, 0.75, 0.8571428571428571, 4);
        // No row carries d, two predict it: precision 0 of 2, recall and F1 0 of 0 (zero_division 0).
        assertLabel(m.perLabel().get(3), "d", 0.0, 0.0, 0.0, 0);
    }

    @Test
    void theAreasSkipTheLabelWithOneClass() {
        // roc_auc_score and average_precision_score, macro over labels a, b and c; per label
        // [0.9375, 0.875, 0.84375] and [0.9166666666666666, 0.9, 0.8928571428571428].
        MultiLabelMetrics m = at(0.5);
        assertEquals(0.8854166666666666, m.rocAuc(), 1e-6);
        assertEquals((0.9375 + 0.875 + 0.84375) / 3, m.rocAuc(), 1e-6);
        assertEquals(0.9031746031746032, m.prAuc(), 1e-6);
        // The areas do not depend on the threshold.
        assertEquals(m.rocAuc(), at(0.3).rocAuc());
        assertEquals(m.prAuc(), at(0.3).prAuc());
    }

    @Test
    void aLowerThresholdPredictsMore() {
        MultiLabelMetrics m = at(0.3);
        assertEquals(0.3, m.threshold());
        assertEquals(0.375, m.subsetAccuracy(), 1e-9);
        assertEquals(0.34375, m.hammingLoss(), 1e-9);
        assertEquals(0.5217391304347826, m.microPrecision(), 1e-9);
        assertEquals(1.0, m.microRecall(), 1e-9);
        assertEquals(0.6857142857142856, m.microF1(), 1e-9);
        assertEquals(0.4523809523809524, m.macroPrecision(), 1e-9);
        assertEquals(0.75, m.macroRecall(), 1e-9);
        assertEquals(0.5636363636363637, m.macroF1(), 1e-9);
        assertLabel(m.perLabel().get(0), "a", 0.5714285714285714, 1.0, 0.7272727272727273, 4);
        assertLabel(m.perLabel().get(1), "b", 0.6666666666666666, 1.0, 0.8, 4);
        assertLabel(m.perLabel().get(2), "c", 0.5714285714285714, 1.0, 0.7272727272727273, 4);
        assertLabel(m.perLabel().get(3), "d", 0.0, 0.0, 0.0, 0);
    }

    @Test
    void aProbabilityPrintedAsTheThresholdReachesIt() {
        // 0.70f is 0.69999999, below the double 0.7; numpy compares float32 probabilities with the threshold in
        // float32, where they are equal, so row 5's label c is predicted, and c's recall is 1 of 4, not 0.
        MultiLabelMetrics m = at(0.7);
        assertEquals(0.375, m.subsetAccuracy(), 1e-9);
        assertEquals(0.25, m.hammingLoss(), 1e-9);
        assertEquals(1.0, m.microPrecision(), 1e-9);
        assertEquals(0.3333333333333333, m.microRecall(), 1e-9);
        assertEquals(0.5, m.microF1(), 1e-9);
        assertEquals(0.75, m.macroPrecision(), 1e-9);
        assertEquals(0.25, m.macroRecall(), 1e-9);
        assertEquals(0.3666666666666667, m.macroF1(), 1e-9);
        assertLabel(m.perLabel().get(2), "c", 1.0, 0.25, 0.4, 4);
    }

    @Test
    void theAreasAreUndefinedWhenNoLabelHasBothClasses() {
        // Label x is on every row, y on none. By hand: row 0 is predicted exactly, row 1 misses x and adds y.
        boolean[][] truth = {{true, false}, {true, false}};
        float[][] probabilities = {{0.9f, 0.2f}, {0.4f, 0.6f}};
        MultiLabelMetrics m = MultiLabelMetrics.of(truth, probabilities, 0.5, List.of("x", "y"), Double.NaN);
        assertTrue(Double.isNaN(m.rocAuc()));
        assertTrue(Double.isNaN(m.prAuc()));
        assertTrue(Double.isNaN(m.loss()));
        assertEquals(0.5, m.subsetAccuracy(), 1e-9);
        assertEquals(0.5, m.hammingLoss(), 1e-9);
        assertLabel(m.perLabel().get(0), "x", 1.0, 0.5, 2.0 / 3, 2);
        assertLabel(m.perLabel().get(1), "y", 0.0, 0.0, 0.0, 0);
    }

    @Test
    void noRowsGiveUndefinedRatios() {
        MultiLabelMetrics m = MultiLabelMetrics.of(new boolean[0][], new float[0][], 0.5, LABELS, Double.NaN);
        assertEquals(0, m.count());
        assertTrue(Double.isNaN(m.subsetAccuracy()));
        assertTrue(Double.isNaN(m.hammingLoss()));
        assertTrue(Double.isNaN(m.microPrecision()));
        assertTrue(Double.isNaN(m.microF1()));
        assertTrue(Double.isNaN(m.macroRecall()));
        assertTrue(Double.isNaN(m.rocAuc()));
        assertTrue(Double.isNaN(m.prAuc()));
        assertEquals(4, m.perLabel().size());
        assertTrue(Double.isNaN(m.perLabel().get(0).precision()));
        assertEquals(0, m.perLabel().get(0).support());
    }

    @Test
    void mismatchedShapesAreRefused() {
        List<String> two = List.of("x", "y");
        boolean[][] truth = {{true, false}, {false, true}};
        assertThrows(
                IllegalArgumentException.class,
                () -> MultiLabelMetrics.of(truth, new float[][] {{0.1f, 0.2f}}, 0.5, two, Double.NaN));
        assertThrows(
                IllegalArgumentException.class,
                () -> MultiLabelMetrics.of(
                        truth, new float[][] {{0.1f, 0.2f}, {0.3f, 0.4f, 0.5f}}, 0.5, two, Double.NaN));
        assertThrows(
                IllegalArgumentException.class,
                () -> MultiLabelMetrics.of(
                        new boolean[][] {{true}, {false, true}},
                        new float[][] {{0.1f, 0.2f}, {0.3f, 0.4f}},
                        0.5,
                        two,
                        Double.NaN));
        assertThrows(
                IllegalArgumentException.class,
                () -> MultiLabelMetrics.of(
                        truth, new float[][] {{0.1f, 0.2f}, {0.3f, 0.4f}}, 0.5, List.of("x"), Double.NaN));
    }
}
