package dev.stellar.finetune.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.DeviceSetting;
import org.junit.jupiter.api.Test;

/** Which device each setting picks given what libtorch offers, and what a user reads when it cannot. */
class ComputeDeviceTest {

    private record Fake(boolean cuda, int gpuCount, long memory, String capability) implements Accelerators {
        @Override
        public long memoryBytes(int gpu) {
            return memory;
        }

        @Override
        public String computeCapability(int gpu) {
            return capability;
        }

        @Override
        public String libtorchPath() {
            return "/home/me/.djl.ai/pytorch/2.7.1-cpu-linux-x86_64";
        }
    }

    private static final Fake CPU_BUILD = new Fake(false, 0, 0, "");
    private static final Fake H200 = new Fake(true, 1, 150_000_000_000L, "9.0");
    private static final Fake TWO_T4 = new Fake(true, 2, 16_000_000_000L, "7.5");

    @Test
    void autoIsTheCpuSilentlyWithoutCudaAndTheFirstGpuWithIt() {
        assertEquals(
                Device.cpu(),
                ComputeDevice.select(DeviceSetting.AUTO, CPU_BUILD).device());
        // CUDA without a count (DJL found no CUDA runtime library to ask): libtorch saw a GPU, so use it.
        assertEquals(
                Device.gpu(0),
                ComputeDevice.select(DeviceSetting.AUTO, new Fake(true, 0, 0, ""))
                        .device());
        ComputeDevice gpu = ComputeDevice.select(DeviceSetting.AUTO, H200);
        assertEquals(Device.gpu(0), gpu.device());
        assertTrue(gpu.isGpu());
        assertEquals(150_000_000_000L, gpu.memoryBytes());
        assertEquals("gpu(0) compute capability 9.0, 139 GiB", gpu.description());
    }

    @Test
    void cpuStaysOnTheCpuBesideAGpu() {
        assertEquals(Device.cpu(), ComputeDevice.select(DeviceSetting.CPU, H200).device());
    }

    @Test
    void bf16IsNativeFromAmpereOn() {
        assertTrue(ComputeDevice.select(DeviceSetting.parse("gpu"), H200).bf16());
        assertFalse(ComputeDevice.select(DeviceSetting.parse("gpu:1"), TWO_T4).bf16());
        assertEquals(
                Device.gpu(1),
                ComputeDevice.select(DeviceSetting.parse("gpu:1"), TWO_T4).device());
        // Unknown capability: fp32, never a bf16 that may be emulated.
        assertFalse(ComputeDevice.select(DeviceSetting.parse("gpu"), new Fake(true, 0, 0, ""))
                .bf16());
    }

    @Test
    void fp16TensorCoresFromVoltaOn() {
        assertTrue(ComputeDevice.select(DeviceSetting.parse("gpu:1"), TWO_T4).fp16());
        assertTrue(ComputeDevice.select(DeviceSetting.parse("gpu"), H200).fp16());
        assertFalse(ComputeDevice.select(DeviceSetting.parse("gpu"), new Fake(true, 1, 0, "6.1"))
                .fp16());
        assertFalse(ComputeDevice.cpu().fp16());
    }

    @Test
    void gpuWithoutCudaSaysWhatToInstallAndWhereToPointThePlugin() {
        var e = assertThrows(
                ConfigurationException.class, () -> ComputeDevice.select(DeviceSetting.parse("gpu"), CPU_BUILD));
        String m = e.getMessage();
        assertTrue(m.startsWith("Invalid device = gpu:0: the engine runs a libtorch without CUDA"), m);
        assertTrue(m.contains("2.7.1-cpu-linux-x86_64"), m);
        assertTrue(m.contains("libtorch 2.7.1 for CUDA 12.8"), m);
        assertTrue(m.contains("-Dfinetune.libtorch"), m);
        assertTrue(m.contains("-Dfinetune.engineDownload=true"), m);
    }

    @Test
    void aGpuIndexPastTheLastNamesTheOnesThereAre() {
        var one = assertThrows(
                ConfigurationException.class, () -> ComputeDevice.select(DeviceSetting.parse("gpu:1"), H200));
        assertTrue(one.getMessage().contains("this machine has 1 CUDA GPU (gpu:0)"), one.getMessage());
        var two = assertThrows(
                ConfigurationException.class, () -> ComputeDevice.select(DeviceSetting.parse("gpu:2"), TWO_T4));
        assertTrue(two.getMessage().contains("2 CUDA GPUs (gpu:0 to gpu:1)"), two.getMessage());
        assertTrue(two.getMessage().contains("Fix: use gpu:0 to gpu:1"), two.getMessage());
    }

    @Test
    void theCurrentDeviceIsTheCpuUntilTheEngineChoosesOne() {
        assertEquals(Device.cpu(), ComputeDevice.current().device());
    }
}
