package dev.stellar.finetune.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** What the processor can do, from /proc/cpuinfo's flags (Linux, where the engine runs). */
public final class CpuFeatures {

    private static final Set<String> NATIVE_BF16 = Set.of("amx_bf16", "avx512_bf16");

    private CpuFeatures() {}

    /** True when bf16 products run on dedicated instructions (AMX tiles or AVX512-BF16), not emulated. */
    public static boolean multipliesBf16Natively() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    for (String flag :
                            line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
                        if (NATIVE_BF16.contains(flag)) {
                            return true;
                        }
                    }
                    return false;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }
}
