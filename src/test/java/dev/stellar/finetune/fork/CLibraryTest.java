package dev.stellar.finetune.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** glibc's allocator settings reach the worker only where glibc is the allocator. */
class CLibraryTest {

    /** Lines of a JVM's /proc/self/maps on Debian (glibc). */
    private static final String GLIBC_MAPS = """
            55d0c0a00000-55d0c0a01000 r--p 00000000 08:01 1311 /usr/lib/jvm/java-17/bin/java
            7f3a1c000000-7f3a1c028000 r--p 00000000 08:01 2042 /usr/lib/x86_64-linux-gnu/libc.so.6
            7f3a1c200000-7f3a1c201000 r--p 00000000 08:01 2031 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
            7ffd5a5e0000-7ffd5a601000 rw-p 00000000 00:00 0                          [stack]
            """;

    /** Alpine's own OpenJDK: musl's libc is its loader. */
    private static final String MUSL_MAPS = """
            5612f0a00000-5612f0a01000 r--p 00000000 00:2f 5021 /usr/lib/jvm/java-17-openjdk/bin/java
            7f91c8a00000-7f91c8a14000 r--p 00000000 00:2f 1201 /lib/ld-musl-x86_64.so.1
            """;

    /** A glibc JDK on Alpine through gcompat: glibc's name, musl's allocator. */
    private static final String GCOMPAT_MAPS = """
            7f91c8a00000-7f91c8a14000 r--p 00000000 00:2f 1201 /lib/ld-musl-aarch64.so.1
            7f91c8c00000-7f91c8c04000 r--p 00000000 00:2f 1207 /lib/libgcompat.so.0
            7f91c8d00000-7f91c8d01000 r--p 00000000 00:2f 1208 /lib/libc.so.6
            """;

    @TempDir
    Path temp;

    private CLibrary detect(String osName, String maps) throws Exception {
        return CLibrary.detect(osName, Files.writeString(temp.resolve("maps"), maps));
    }

    @Test
    void linuxWithGlibcMappedIsGlibc() throws Exception {
        assertEquals(CLibrary.GLIBC, detect("Linux", GLIBC_MAPS));
    }

    @Test
    void aGlibcUpgradedUnderTheRunningJvmIsStillGlibc() throws Exception {
        assertEquals(
                CLibrary.GLIBC,
                detect("Linux", "7f3a1c000000-7f3a1c028000 r--p 00000000 08:01 2042 /usr/lib/libc.so.6 (deleted)\n"));
    }

    @Test
    void alpineIsMuslEvenWithGlibcShims() throws Exception {
        assertEquals(CLibrary.MUSL, detect("Linux", MUSL_MAPS));
        assertEquals(CLibrary.MUSL, detect("Linux", GCOMPAT_MAPS));
    }

    @Test
    void macOsAndWindowsAreNeverGlibc() throws Exception {
        assertEquals(CLibrary.OTHER, detect("Mac OS X", GLIBC_MAPS));
        assertEquals(CLibrary.OTHER, detect("Windows 11", GLIBC_MAPS));
    }

    @Test
    void aLinuxWithoutProcOrWithoutEitherLibraryIsLeftAlone() throws Exception {
        assertEquals(CLibrary.OTHER, CLibrary.detect("Linux", temp.resolve("no-proc-here")));
        assertEquals(CLibrary.OTHER, detect("Linux", "7ffd5a5e0000-7ffd5a601000 rw-p 00000000 00:00 0 [stack]\n"));
    }

    @Test
    void thisMachineIsDebianWithGlibc() {
        // The machine the tests run on (Linux x86-64, glibc); elsewhere this names what it found.
        if (System.getProperty("os.name").startsWith("Linux") && Files.exists(Path.of("/etc/debian_version"))) {
            assertEquals(CLibrary.GLIBC, CLibrary.current());
        }
    }

    @Test
    void onlyGlibcGetsTheAllocatorSettingsAndAUsersOwnWins() {
        Map<String, String> glibc = new HashMap<>(Map.of("MALLOC_TRIM_THRESHOLD_", "1"));
        WorkerLauncher.tuneNativeAllocator(glibc, CLibrary.GLIBC);
        assertEquals(Map.of("MALLOC_MMAP_MAX_", "0", "MALLOC_TRIM_THRESHOLD_", "1"), glibc);
        for (CLibrary other : new CLibrary[] {CLibrary.MUSL, CLibrary.OTHER}) {
            Map<String, String> environment = new HashMap<>();
            WorkerLauncher.tuneNativeAllocator(environment, other);
            assertFalse(environment.containsKey("MALLOC_MMAP_MAX_"), other.name());
            assertFalse(environment.containsKey("MALLOC_TRIM_THRESHOLD_"), other.name());
        }
    }
}
