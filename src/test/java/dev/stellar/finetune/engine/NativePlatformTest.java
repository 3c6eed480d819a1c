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

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({"Linux, amd64", "Linux, aarch64", "Mac OS X, aarch64", "Windows 11, amd64"})
    void theFourPlatformsMavenCentralServesLibtorchForAreSupported(String osName, String osArch) {
        assertTrue(NativePlatform.of(osName, osArch).supported());
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({"Mac OS X, x86_64", "Linux, x86", "Windows 10, x86", "FreeBSD, amd64", "Linux, ppc64le"})
    void intelMacs32BitAndOtherSystemsAreNot(String osName, String osArch) {
        assertFalse(NativePlatform.of(osName, osArch).supported());
    }

    @Test
    void thisMachineIsSupported() {
        // The build runs here; the engine starts here.
        assertEquals("linux-x86_64", NativePlatform.current().classifier());
        assertTrue(NativePlatform.current().supported());
    }

    @Test
    void anUnsupportedPlatformIsToldWhichAreSupportedAndWhatWorksHere() {
        assertEquals(
                "This JVM runs on osx-x86_64, and libtorch's CPU build, which prepare-data, freeze-and-train,"
                        + " evaluate, predict and benchmark need, is served for linux-x86_64, linux-aarch64,"
                        + " osx-aarch64, win-x86_64 only. Fix: run the build on one of those (Linux or Windows on"
                        + " x86-64, Linux on ARM, an Apple silicon Mac; a CI runner or a container will do);"
                        + " finetune:datasets and finetune:models work here.",
                NativePlatform.of("Mac OS X", "x86_64").unsupportedMessage());
    }
}
