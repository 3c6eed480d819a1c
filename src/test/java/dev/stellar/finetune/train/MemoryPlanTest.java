package dev.stellar.finetune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.stellar.finetune.config.SpeedSettings;
import dev.stellar.finetune.engine.ComputeDevice;
import dev.stellar.finetune.engine.ProcessMemory;
import org.junit.jupiter.api.Test;

/** The memory budget follows the device: half the machine on the CPU, half the GPU's memory on a GPU. */
class MemoryPlanTest {

    private static final ComputeDevice GPU_80G = new ComputeDevice(Device.gpu(0), "gpu(0)", 80L << 30, true, true);

    @Test
    void theDefaultBudgetIsHalfTheDevicesMemory() {
        assertEquals(ProcessMemory.physicalMiB() / 2, MemoryPlan.defaultBudgetMiB(ComputeDevice.cpu()));
        assertEquals(40 * 1024, MemoryPlan.defaultBudgetMiB(GPU_80G));
        ComputeDevice unknown = new ComputeDevice(Device.gpu(0), "gpu(0)", 0, false, false);
        assertEquals(8 * 1024, MemoryPlan.defaultBudgetMiB(unknown));
        assertEquals(40 * 1024, new MemoryPlan(SpeedSettings.defaults(), GPU_80G).budgetMiB());
    }

    @Test
    void anExplicitBudgetWinsOnEveryDevice() {
        SpeedSettings budget = new SpeedSettings(null, true, 0, null, false, 1024);
        assertEquals(1024, new MemoryPlan(budget, GPU_80G).budgetMiB());
        assertEquals(1024, new MemoryPlan(budget, ComputeDevice.cpu()).budgetMiB());
    }

    @Test
    void onAGpuTheCacheIsBoundByTheBudgetNotTheJavaHeap() {
        long beyondHeap = Runtime.getRuntime().maxMemory() * 2;
        SpeedSettings budget = new SpeedSettings(null, true, 0, null, false, (int) ((beyondHeap >> 20) * 4));
        assertTrue(new MemoryPlan(budget, GPU_80G).cacheFits(beyondHeap));
        assertFalse(new MemoryPlan(budget, ComputeDevice.cpu()).cacheFits(beyondHeap));
        assertFalse(new MemoryPlan(budget, GPU_80G).cacheFits(beyondHeap * 3));
    }
}
