package dev.stellar.finetune.fork;

import dev.stellar.finetune.engine.NativePlatform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The C library the JVM runs on, which is the one the worker (the same java) will run on: it decides which
 * allocator settings mean anything. glibc reads {@code MALLOC_*_} variables; musl (Alpine), macOS and Windows
 * do not, and a setting that means something else elsewhere must not be passed on blindly.
 *
 * <p>Told from the libraries mapped into this process ({@code /proc/self/maps}): a file read, no process
 * started, and it answers for this JVM rather than for the machine. The alternatives are weaker: {@code ldd
 * --version} starts a process and ldd may be missing; the presence of {@code /lib/ld-musl-*.so.1} is wrong on a
 * glibc Debian with the musl package installed, and a glibc JVM on Alpine (with gcompat) still maps musl.
 */
enum CLibrary {
    GLIBC,
    MUSL,
    /** Not Linux, or not told apart: no allocator setting is passed on. */
    OTHER;

    private static final Path PROCESS_MAPS = Path.of("/proc/self/maps");
    /** musl's libc is its dynamic loader, e.g. /lib/ld-musl-x86_64.so.1 (Alpine also links libc.musl-*). */
    private static final Pattern MUSL_LIBRARY = Pattern.compile("(ld-musl-|libc\\.musl-).*\\.so(\\.\\d+)*");
    /** glibc's soname on every architecture glibc has served since 1997. */
    private static final String GLIBC_LIBRARY = "libc.so.6";

    static CLibrary current() {
        return detect(System.getProperty("os.name", ""), PROCESS_MAPS);
    }

    /**
     * @param osName the JVM's {@code os.name}
     * @param processMaps the process's memory map in Linux's {@code /proc/<pid>/maps} format
     */
    static CLibrary detect(String osName, Path processMaps) {
        if (!NativePlatform.of(osName, "").os().equals("linux")) {
            return OTHER;
        }
        boolean glibc = false;
        try (Stream<String> lines = Files.lines(processMaps)) {
            for (String line : (Iterable<String>) lines::iterator) {
                String file = mappedFileName(line);
                if (MUSL_LIBRARY.matcher(file).matches()) {
                    return MUSL; // musl wins: gcompat's glibc shims run on musl's allocator
                }
                glibc |= file.equals(GLIBC_LIBRARY);
            }
        } catch (IOException | UncheckedIOException e) {
            return OTHER; // no /proc (a locked-down container): leave the allocator alone
        }
        return glibc ? GLIBC : OTHER;
    }

    /**
     * The file name of a maps line's path column ("7f.. r-xp 00000000 08:01 123  /usr/lib/libc.so.6"), without
     * the " (deleted)" the kernel adds when the library was upgraded under the running process.
     */
    private static String mappedFileName(String line) {
        int slash = line.lastIndexOf('/');
        String name = slash < 0 ? "" : line.substring(slash + 1).strip();
        return name.endsWith(" (deleted)") ? name.substring(0, name.length() - " (deleted)".length()) : name;
    }
}
