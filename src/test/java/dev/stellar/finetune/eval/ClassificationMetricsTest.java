package dev.stellar.finetune.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    @Test
    void binaryFiguresAreThoseOfLabelOne() {
        // 3 TP, 1 FP, 2 FN, 4 TN: the figures scikit-learn gives for pos_label=1.
        int[] truth = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
        int[] predicted = {1, 1, 1, 0, 0, 1, 0, 0, 0, 0};
        ClassificationMetrics m = ClassificationMetrics.of(truth, predicted, List.of("neg", "pos"), 0.5);
        assertEquals(0.7, m.accuracy(), 1e-12);
        assertEquals(0.75, m.precision(), 1e-12);
        assertEquals(0.6, m.recall(), 1e-12);
        assertEquals(2 * 0.75 * 0.6 / 1.35, m.f1(), 1e-12);
        assertEquals("binary", m.averaging());
        assertArrayEquals(new int[] {4, 1}, m.confusion()[0]);
        assertArrayEquals(new int[] {2, 3}, m.confusion()[1]);
        assertEquals(5, m.perClass().get(0).support());
        assertEquals(0.8, m.perClass().get(0).recall(), 1e-12);
    }

    @Test
    void threeLabelsAverageOverClasses() {
        int[] truth = {0, 0, 1, 1, 2, 2};
        int[] predicted = {0, 1, 1, 1, 2, 0};
        ClassificationMetrics m = ClassificationMetrics.of(truth, predicted, List.of("a", "b", "c"), Double.NaN);
        // per class F1: a 0.5, b 0.8, c 2/3
        assertEquals((0.5 + 0.8 + 2.0 / 3) / 3, m.f1(), 1e-12);
        assertEquals("macro", m.averaging());
        assertEquals(4.0 / 6, m.accuracy(), 1e-12);
    }

    @Test
    void aClassNeverPredictedCountsAsZeroNotNaN() {
        ClassificationMetrics m = ClassificationMetrics.of(new int[] {0, 1}, new int[] {0, 0}, List.of("a", "b"), 0);
        assertEquals(0.0, m.precision());
        assertEquals(0.0, m.f1());
    }
}
