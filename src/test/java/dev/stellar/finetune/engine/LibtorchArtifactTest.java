package dev.stellar.finetune.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.FinetuneException;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** Which jar holds libtorch for a platform: coordinates from the build's version and the platform's name. */
class LibtorchArtifactTest {

    @Test
    void namesTheJarMavenPutOnTheTestClasspath() {
        // The pom's test-scoped pytorch-native-cpu for this platform: an independent record of version and name.
        URL properties = ClassLoader.getSystemResource("native/lib/pytorch.properties");
        String jar = properties.getPath().replaceFirst("!/.*$", "");
        String fileName = jar.substring(jar.lastIndexOf('/') + 1);

        assertEquals(fileName, LibtorchArtifact.forThisPlatform().fileName());
    }

    @Test
    void theVersionIsTheBuildsNotAPlaceholder() {
        assertTrue(LibtorchArtifact.pytorchVersion().matches("\\d+\\.\\d+\\.\\d+"), LibtorchArtifact.pytorchVersion());
    }

    @Test
    void coordinatesAreWhatDependencyGetTakes() {
        LibtorchArtifact natives = LibtorchArtifact.forPlatform(NativePlatform.of("Windows 11", "amd64"));

        assertEquals(
                "ai.djl.pytorch:pytorch-native-cpu:" + LibtorchArtifact.pytorchVersion() + ":jar:win-x86_64",
                natives.coordinates());
        assertEquals(
                "pytorch-native-cpu-2.7.1-osx-aarch64.jar", new LibtorchArtifact("2.7.1", "osx-aarch64").fileName());
    }

    @Test
    void anUnsupportedPlatformFailsBeforeAnythingIsResolved() {
        FinetuneException e = assertThrows(
                FinetuneException.class, () -> LibtorchArtifact.forPlatform(NativePlatform.of("Windows 10", "x86")));

        assertEquals(
                "The PyTorch engine cannot run here. "
                        + NativePlatform.of("Windows 10", "x86").unsupportedMessage(),
                e.getMessage());
        assertTrue(e.getMessage().contains("This JVM runs on win-x86, "), e.getMessage());
    }
}
