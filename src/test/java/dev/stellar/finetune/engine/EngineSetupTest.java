package dev.stellar.finetune.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.DeviceSetting;
import dev.stellar.finetune.config.EngineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real engine on this machine's libtorch (the CPU build): what each device setting gets from it. */
class EngineSetupTest {

    @TempDir
    Path temp;

    @Test
    void autoIsTheCpuOnTheCpuBuild() {
        ComputeDevice device = EngineSetup.start(2, 42, EngineSettings.defaults());
        assertEquals(Device.cpu(), device.device());
        assertEquals(Device.cpu(), ComputeDevice.current().device());
        assertEquals("true", System.getProperty("ai.djl.offline"), "nothing is downloaded unless allowed");
    }

    @Test
    void gpuOnTheCpuBuildSaysWhatToInstall() {
        var e = assertThrows(
                ConfigurationException.class,
                () -> EngineSetup.start(2, 42, new EngineSettings(DeviceSetting.parse("gpu"), null, false)));
        assertEquals("device", e.parameter());
        assertTrue(
                e.getMessage().startsWith("Invalid device = gpu:0: the engine runs a libtorch without CUDA ("),
                e.getMessage());
        assertTrue(e.getMessage().contains("cpu"), "names the CPU build's folder: " + e.getMessage());
        assertEquals(Device.cpu(), ComputeDevice.current().device(), "a refused GPU leaves the CPU in place");
    }

    @Test
    void aCudaLibtorchFolderIsRecognisedByItsCudaLibrary() throws Exception {
        Files.createFile(temp.resolve("libtorch.so"));
        assertFalse(EngineSetup.hasCuda(temp));
        Files.createFile(temp.resolve("libtorch_cuda.so"));
        assertTrue(EngineSetup.hasCuda(temp));
    }
}
