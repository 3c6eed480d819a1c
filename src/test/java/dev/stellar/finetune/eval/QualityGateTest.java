package dev.stellar.finetune.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.GateSettings;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QualityGateTest {

    private static ClassificationMetrics metrics(double accuracy, double f1) {
        return new ClassificationMetrics(1000, accuracy, 0, 0, f1, "binary", 0, List.of(), new int[0][0]);
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
}
