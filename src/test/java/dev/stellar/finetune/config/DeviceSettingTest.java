package dev.stellar.finetune.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device parameter's spellings, its errors, and the libtorch folder check. */
class DeviceSettingTest {

    @TempDir
    Path temp;

    @Test
    void parsesEachSpelling() {
        assertEquals(DeviceSetting.AUTO, DeviceSetting.parse(null));
        assertEquals(DeviceSetting.AUTO, DeviceSetting.parse(" Auto "));
        assertEquals(DeviceSetting.CPU, DeviceSetting.parse("cpu"));
        assertEquals(new DeviceSetting(DeviceSetting.Kind.GPU, 0), DeviceSetting.parse("gpu"));
        assertEquals(new DeviceSetting(DeviceSetting.Kind.GPU, 0), DeviceSetting.parse("cuda"));
        assertEquals(new DeviceSetting(DeviceSetting.Kind.GPU, 3), DeviceSetting.parse("gpu:3"));
        assertEquals(new DeviceSetting(DeviceSetting.Kind.GPU, 1), DeviceSetting.parse("CUDA:1"));
        assertEquals("gpu:3", DeviceSetting.parse("gpu:3").id());
        assertTrue(DeviceSetting.parse("gpu").requiresGpu());
        assertFalse(DeviceSetting.parse("auto").requiresGpu());
    }

    @Test
    void badValuesNameTheParameterTheValueAndTheChoices() {
        for (String bad : new String[] {"tpu", "gpu:", "gpu:-1", "gpu:one", "mps"}) {
            var e = assertThrows(ConfigurationException.class, () -> DeviceSetting.parse(bad), bad);
            assertEquals("device", e.parameter());
            assertTrue(e.getMessage().startsWith("Invalid device = " + bad), e.getMessage());
            assertTrue(e.getMessage().contains("Fix: use auto, cpu, gpu (the first GPU) or gpu:N"), e.getMessage());
        }
    }

    @Test
    void aLibtorchFolderMustHoldLibtorch() throws Exception {
        var missing = assertThrows(
                ConfigurationException.class,
                () -> new EngineSettings(DeviceSetting.AUTO, temp.resolve("nowhere"), false));
        assertTrue(missing.getMessage().contains("no such folder"), missing.getMessage());
        var empty =
                assertThrows(ConfigurationException.class, () -> new EngineSettings(DeviceSetting.AUTO, temp, false));
        assertEquals("libtorch", empty.parameter());
        assertTrue(empty.getMessage().contains("holds no libtorch library"), empty.getMessage());
        Files.createFile(temp.resolve("libtorch.so"));
        assertFalse(new EngineSettings(DeviceSetting.AUTO, temp, false).usesBundledLibtorch());
    }

    @Test
    void onlyTheUsersLibtorchOrADownloadedCudaBuildReplacesThePluginsOwn() {
        assertTrue(EngineSettings.defaults().usesBundledLibtorch());
        assertTrue(new EngineSettings(DeviceSetting.AUTO, null, true).usesBundledLibtorch());
        assertTrue(new EngineSettings(DeviceSetting.CPU, null, true).usesBundledLibtorch());
        assertFalse(new EngineSettings(DeviceSetting.parse("gpu"), null, true).usesBundledLibtorch());
        assertTrue(new EngineSettings(DeviceSetting.parse("gpu"), null, false).usesBundledLibtorch());
    }
}
