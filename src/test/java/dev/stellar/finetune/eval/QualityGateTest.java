package dev.stellar.finetune.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.GateSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityGateTest {

    private static ClassificationMetrics metrics(double accuracy, double f1) {
        return new ClassificationMetrics(1000, accuracy, 0, 0, f1, "binary", 0, List.of(), new int[0][0]);
    }

    @Test
    void aMissedMinimumReadsLikeJacoco() {
        GateVerdict verdict = QualityGate.check(new GateSettings(0.8, null, "validation", true), metrics(0.781, 0.9));
        assertFalse(verdict.passed());
        assertEquals(List.of("Validation accuracy 0.781 is below the minimum 0.800 set by finetune.minAccuracy"),
                verdict.failures());
    }

    @Test
    void everyMissedThresholdIsListed() {
        GateVerdict verdict = QualityGate.check(new GateSettings(0.9, 0.95, "test", true), metrics(0.85, 0.8));
        assertEquals(List.of("Test accuracy 0.850 is below the minimum 0.900 set by finetune.minAccuracy",
                "Test F1 0.800 is below the minimum 0.950 set by finetune.minF1"), verdict.failures());
    }

    @Test
    void meetingTheBarExactlyPasses() {
        assertTrue(QualityGate.check(new GateSettings(0.8, 0.7, "validation", true), metrics(0.8, 0.7)).passed());
        assertTrue(QualityGate.check(new GateSettings(null, null, "validation", true), metrics(0.1, 0.1)).passed());
    }
}
