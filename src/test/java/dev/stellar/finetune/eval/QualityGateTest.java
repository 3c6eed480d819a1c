package dev.stellar.finetune.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.GateSettings;
import dev.stellar.finetune.config.Metric;
import dev.stellar.finetune.config.MetricLimit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QualityGateTest {

    private static ClassificationMetrics metrics(double accuracy, double f1) {
        return new ClassificationMetrics(
                1000,
                accuracy,
                0,
                0,
                f1,
                "binary",
                0,
                List.of(),
                new int[0][0],
                0,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                null,
                null,
                null);
    }

    @Test
    void aMissedMinimumReadsLikeJacoco() {
        GateVerdict verdict = QualityGate.check(new GateSettings(0.8, null, "validation", true), metrics(0.781, 0.9));
        assertFalse(verdict.passed());
        assertEquals(
                List.of("Validation accuracy 0.781 is below the minimum 0.8 set by finetune.minAccuracy"),
                verdict.failures());
    }

    @Test
    void everyMissedThresholdIsListed() {
        GateVerdict verdict = QualityGate.check(new GateSettings(0.9, 0.95, "test", true), metrics(0.85, 0.8));
        assertEquals(
                List.of(
                        "Test accuracy 0.850 is below the minimum 0.9 set by finetune.minAccuracy",
                        "Test F1 0.800 is below the minimum 0.95 set by finetune.minF1"),
                verdict.failures());
    }

    @Test
    void aValueJustBelowTheLimitNeverReadsAsTheLimit() {
        GateVerdict verdict =
                QualityGate.check(new GateSettings(0.8, 0.85, "validation", true), metrics(0.7996, 0.84999));
        assertEquals(
                List.of(
                        "Validation accuracy 0.799 is below the minimum 0.8 set by finetune.minAccuracy",
                        "Validation F1 0.849 is below the minimum 0.85 set by finetune.minF1"),
                verdict.failures());
        // A limit with more decimals than three is printed as configured, the value to as many decimals.
        assertEquals(
                "Test accuracy 0.80004 is below the minimum 0.80005 set by finetune.minAccuracy",
                QualityGate.sentence("Test accuracy", 0.800049, 0.80005, "finetune.minAccuracy"));
        assertEquals(
                "Test F1 0.000 is below the minimum 1 set by finetune.minF1",
                QualityGate.sentence("Test F1", 0, 1.0, "finetune.minF1"));
    }

    @Test
    void aTestSplitWithHiddenLabelsIsGatedOnValidation() {
        GateSettings onTest = new GateSettings(0.8, null, "test", true);
        GateSettings moved = QualityGate.gatedSplit(onTest, Set.of("validation"), Set.of("test"));
        assertEquals(new GateSettings(0.8, null, "validation", true), moved);
        // A labelled test split, or none at all, keeps the gate where it was set.
        assertEquals(onTest, QualityGate.gatedSplit(onTest, Set.of("validation", "test"), Set.of()));
        assertEquals(onTest, QualityGate.gatedSplit(onTest, Set.of("validation"), Set.of()));
        // Nothing to fall back on without validation figures.
        assertEquals(onTest, QualityGate.gatedSplit(onTest, Set.of(), Set.of("validation", "test")));
        GateSettings onValidation = new GateSettings(0.8, null, "validation", true);
        assertEquals(onValidation, QualityGate.gatedSplit(onValidation, Set.of("validation"), Set.of("test")));
    }

    @Test
    void meetingTheBarExactlyPasses() {
        assertTrue(QualityGate.check(new GateSettings(0.8, 0.7, "validation", true), metrics(0.8, 0.7))
                .passed());
        assertTrue(QualityGate.check(new GateSettings(null, null, "validation", true), metrics(0.1, 0.1))
                .passed());
    }

    /** Figures from probabilities: 8 rows, 6 right; MCC 0.5, ROC AUC 0.9375, PR AUC 0.95 and log loss 0.4004 by scikit-learn 1.2.1. */
    private static ClassificationMetrics scored() {
        float[][] p = {
            {0.9f, 0.1f},
            {0.8f, 0.2f},
            {0.7f, 0.3f},
            {0.4f, 0.6f},
            {0.3f, 0.7f},
            {0.2f, 0.8f},
            {0.1f, 0.9f},
            {0.6f, 0.4f}
        };
        return ClassificationMetrics.of(new int[] {0, 0, 0, 0, 1, 1, 1, 1}, p, List.of("a", "b"), Double.NaN);
    }

    private static GateSettings gates(MetricLimit... limits) {
        return new GateSettings(null, null, "validation", true, List.of(limits));
    }

    @Test
    void aGateOnAnyMetricNamesTheMetricTheValueTheBoundAndWhereItWasSet() {
        ClassificationMetrics m = scored();
        // TP 3, FN 1, FP 1, TN 3: MCC (9 - 1) / sqrt(4 * 4 * 4 * 4) = 0.5.
        assertEquals(0.5, m.mcc(), 1e-12);
        GateVerdict verdict = QualityGate.check(
                gates(
                        new MetricLimit(Metric.MCC, 0.6, null, "gates/gate[1]"),
                        new MetricLimit(Metric.LOG_LOSS, null, 0.4, "gates/gate[2]"),
                        new MetricLimit(Metric.ROC_AUC, 0.9, 1.0, "gates/gate[3]")),
                m);
        assertFalse(verdict.passed());
        assertEquals(
                List.of(
                        "Validation MCC 0.500 is below the minimum 0.6 set by gates/gate[1]",
                        "Validation log loss " + ceiling(m.logLoss())
                                + " is above the maximum 0.4 set by gates/gate[2]"),
                verdict.failures());
        assertEquals(
                "MCC at least 0.6, log loss at most 0.4, ROC AUC at least 0.9, ROC AUC at most 1.0",
                verdict.describeLimits());
        assertTrue(QualityGate.check(gates(new MetricLimit(Metric.ECE, null, 0.5, "gates/gate[1]")), m)
                .passed());
    }

    private static String ceiling(double value) {
        return java.math.BigDecimal.valueOf(value)
                .setScale(3, java.math.RoundingMode.CEILING)
                .toPlainString();
    }

    @Test
    void aMaximumRoundsTheValueUpSoItNeverReadsAsTheLimit() {
        assertEquals(
                "Test log loss 0.301 is above the maximum 0.3 set by gates/gate[1]",
                QualityGate.above("Test log loss", 0.30001, 0.3, "gates/gate[1]"));
    }

    @Test
    void aMetricTheSplitCannotGiveFailsTheGateAndSaysWhy() {
        float[][] p = {{0.2f, 0.8f}, {0.4f, 0.6f}};
        ClassificationMetrics oneClass = ClassificationMetrics.of(new int[] {1, 1}, p, List.of("a", "b"), 0.3);
        GateVerdict verdict =
                QualityGate.check(gates(new MetricLimit(Metric.ROC_AUC, 0.5, null, "gates/gate[1]")), oneClass);
        assertFalse(verdict.passed());
        assertEquals(
                List.of(
                        "Validation ROC AUC is undefined (a label has no rows in the validation split, or the values are constant), so the limit"
                                + " set by gates/gate[1] cannot be checked"),
                verdict.failures());
    }

    @Test
    void minAccuracyAndMinF1AreGatesLikeTheOthers() {
        GateSettings both = new GateSettings(
                0.7, 0.7, "validation", true, List.of(new MetricLimit(Metric.PR_AUC, 0.5, null, "gates/gate[1]")));
        assertEquals(
                List.of(Metric.ACCURACY, Metric.F1, Metric.PR_AUC),
                both.allLimits().stream().map(MetricLimit::metric).toList());
        assertEquals(List.of(), QualityGate.check(both, scored()).failures());
    }

    /** Figures of a multi-label split worked by hand: 2 rows, 2 labels, the second row's second label missed. */
    private static ClassificationMetrics multiLabel() {
        return ClassificationMetrics.ofMultiLabel(
                new float[][] {{1, 0}, {1, 1}},
                new float[][] {{0.9f, 0.2f}, {0.8f, 0.3f}},
                0.5,
                List.of("a", "b"),
                0.3);
    }

    /** Truth 1, 2, 3 against 1, 3, 2: MSE 2/3, Pearson and Spearman 0.5. */
    private static ClassificationMetrics regression() {
        return ClassificationMetrics.ofRegression(
                new float[][] {{1}, {2}, {3}}, new float[][] {{1}, {3}, {2}}, 2.0 / 3);
    }

    @Test
    void multiLabelGatesBoundTheirOwnFigures() {
        // micro: TP 2, predicted 2, actual 3: F1 0.8; Hamming loss 1 of 4 cells: 0.25; subset accuracy 1/2.
        GateVerdict verdict = QualityGate.check(
                gates(
                        new MetricLimit(Metric.MICRO_F1, 0.85, null, "gates/gate[1]"),
                        new MetricLimit(Metric.HAMMING_LOSS, null, 0.3, "gates/gate[2]"),
                        new MetricLimit(Metric.ACCURACY, 0.6, null, "gates/gate[3]")),
                multiLabel());
        assertEquals(
                List.of(
                        "Validation micro F1 0.8 is below the minimum 0.85 set by gates/gate[1]"
                                .replace("0.8 ", "0.800 "),
                        "Validation accuracy 0.500 is below the minimum 0.6 set by gates/gate[3]"),
                verdict.failures());
    }

    @Test
    void regressionGatesBoundTheirOwnFigures() {
        GateVerdict verdict = QualityGate.check(
                gates(
                        new MetricLimit(Metric.PEARSON, 0.6, null, "gates/gate[1]"),
                        new MetricLimit(Metric.MSE, null, 0.7, "gates/gate[2]"),
                        new MetricLimit(Metric.SPEARMAN, 0.45, null, "gates/gate[3]"),
                        new MetricLimit(Metric.MAE, null, 0.5, "gates/gate[4]")),
                regression());
        // MAE: (0 + 1 + 1) / 3 = 0.667 is above 0.5; MSE 0.667 holds under 0.7; Spearman 0.5 holds above 0.45.
        // Pearson is 0.5 in exact arithmetic, 0.4999... in doubles, so its message rounds down.
        assertEquals(
                List.of(
                        "Validation Pearson correlation 0.499 is below the minimum 0.6 set by gates/gate[1]",
                        "Validation MAE 0.667 is above the maximum 0.5 set by gates/gate[4]"),
                verdict.failures());
    }

    @Test
    void aMetricTheProblemTypeHasNotIsAConfigurationErrorNamingTheChoices() {
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> QualityGate.check(gates(new MetricLimit(Metric.MCC, 0.5, null, "gates/gate[1]")), regression()));
        assertEquals("gates/gate[1]", e.parameter());
        assertTrue(e.getMessage().contains("a regression model has no MCC"), e.getMessage());
        assertTrue(e.getMessage().contains("loss, mse, mae, r2, pearson, spearman"), e.getMessage());
        ConfigurationException accuracy = assertThrows(
                ConfigurationException.class,
                () -> QualityGate.check(new GateSettings(0.8, null, "validation", true), regression()));
        assertTrue(accuracy.getMessage().contains("has no accuracy"), accuracy.getMessage());
        ConfigurationException pearson = assertThrows(
                ConfigurationException.class,
                () -> QualityGate.check(
                        gates(new MetricLimit(Metric.PEARSON, 0.5, null, "gates/gate[1]")), multiLabel()));
        assertTrue(pearson.getMessage().contains("micro-f1"), pearson.getMessage());
    }
}
