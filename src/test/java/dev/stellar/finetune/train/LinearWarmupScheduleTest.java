package dev.stellar.finetune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LinearWarmupScheduleTest {

    @Test
    void followsTransformersLinearScheduleWithWarmup() {
        // 204 steps, warmup ratio 0.1 -> ceil(20.4) = 21 warm-up steps, as the PyTorch peer computes it.
        LinearWarmupSchedule s = LinearWarmupSchedule.of(5e-5, 0.1, 204);
        assertEquals(21, s.warmupSteps());
        assertEquals(0.0, s.rate(0));
        assertEquals(5e-5 * 10 / 21, s.rate(10), 1e-18);
        assertEquals(5e-5, s.rate(21), 1e-18);
        assertEquals(5e-5 * (204 - 100) / 183.0, s.rate(100), 1e-18);
        assertEquals(5e-5 / 183, s.rate(203), 1e-18);
    }

    @Test
    void withoutWarmupStartsAtThePeak() {
        LinearWarmupSchedule s = LinearWarmupSchedule.of(1e-3, 0, 10);
        assertEquals(1e-3, s.rate(0), 1e-18);
        assertEquals(1e-4, s.rate(9), 1e-18);
    }
}
