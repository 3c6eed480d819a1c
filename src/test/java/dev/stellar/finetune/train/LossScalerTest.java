package dev.stellar.finetune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.model.arch.KernelKind;
import org.junit.jupiter.api.Test;

/** PyTorch GradScaler's schedule: start at 2^16, halve and skip on overflow, double after 2000 good steps. */
class LossScalerTest {

    @Test
    void onlyFp16ScalesTheLoss() {
        assertTrue(LossScaler.forKind(KernelKind.FP16).active());
        assertEquals(65536, LossScaler.forKind(KernelKind.FP16).scale());
        for (KernelKind kind : new KernelKind[] {KernelKind.EAGER, KernelKind.FP32, KernelKind.BF16}) {
            LossScaler none = LossScaler.forKind(kind);
            assertFalse(none.active(), kind.name());
            assertEquals(1, none.scale());
            assertTrue(none.accept(false), "without scaling an overflow is the caller's divergence, not a skip");
        }
    }

    @Test
    void anOverflowSkipsTheStepAndHalvesTheScale() {
        LossScaler scaler = LossScaler.forKind(KernelKind.FP16);
        assertTrue(scaler.accept(true));
        assertFalse(scaler.accept(false));
        assertEquals(32768, scaler.scale());
        assertEquals(1, scaler.skippedSteps());
        assertFalse(scaler.exhausted());
    }

    @Test
    void twoThousandGoodStepsInARowDoubleTheScale() {
        LossScaler scaler = LossScaler.forKind(KernelKind.FP16);
        for (int i = 0; i < 1999; i++) {
            assertTrue(scaler.accept(true));
        }
        assertEquals(65536, scaler.scale());
        scaler.accept(true);
        assertEquals(131072, scaler.scale());
        // an overflow restarts the count
        for (int i = 0; i < 1000; i++) {
            scaler.accept(true);
        }
        scaler.accept(false);
        for (int i = 0; i < 1999; i++) {
            scaler.accept(true);
        }
        assertEquals(65536, scaler.scale());
    }

    @Test
    void overflowsThatOutlastEveryScaleAreDivergence() {
        LossScaler scaler = LossScaler.forKind(KernelKind.FP16);
        int skips = 0;
        while (!scaler.exhausted()) {
            scaler.accept(false);
            skips++;
        }
        assertEquals(33, skips, "from 2^16 below 2^-16");
    }
}
