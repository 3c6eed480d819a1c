package dev.stellar.finetune.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JVM's os.name and os.arch, as JDKs report them, named as DJL names its native jars. */
class NativePlatformTest {

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource({
        "Linux, amd64, linux-x86_64",
        "Linux, aarch64, linux-aarch64",
        "Mac OS X, aarch64, osx-aarch64",
        "Mac OS X, x86_64, osx-x86_64",
        "Windows 11, amd64, win-x86_64",
        "Windows Server 2022, amd64, win-x86_64",
        "Linux, x86, linux-x86",
        "FreeBSD, amd64, freebsd-x86_64"
    })
    void namesThePlatformAsDjlDoes(String osName, String osArch, String classifier) {
        assertEquals(classifier, NativePlatform.of(osName, osArch).classifier());
    }

    @Test
    void onlyLinuxX8664IsCarried() {
        assertTrue(NativePlatform.of("Linux", "amd64").carried());
        assertFalse(NativePlatform.of("Mac OS X", "aarch64").carried());
        assertFalse(NativePlatform.of("Windows 11", "amd64").carried());
        assertFalse(NativePlatform.of("Linux", "aarch64").carried());
    }

    @Test
    void thisMachineIsCarried() {
        // The build runs here; the engine starts here.
        assertEquals("linux-x86_64", NativePlatform.current().classifier());
    }

    @Test
    void anotherPlatformIsToldWhereTheGoalsRunAndWhatWorksThere() {
        String message = NativePlatform.of("Mac OS X", "aarch64")
                .notCarried("no libtorch for osx-aarch64")
                .getMessage();
        assertEquals(
                "The PyTorch engine did not start: this JVM runs on osx-aarch64, and the plugin carries libtorch's"
                        + " CPU build for linux-x86_64 only, which prepare-data, freeze-and-train, evaluate, predict"
                        + " and benchmark need. Fix: run the build on Linux x86-64 (a CI runner, a container, or WSL2"
                        + " on Windows); finetune:datasets, finetune:models and the exported model.onnx (in ONNX"
                        + " Runtime) work here. (no libtorch for osx-aarch64)",
                message);
    }
}
