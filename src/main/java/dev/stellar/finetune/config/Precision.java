package dev.stellar.finetune.config;

import java.util.Locale;

/**
 * The arithmetic of the encoder's matrix products. Weights, gradients and the optimizer stay fp32 in
 * every case; bf16 multiplies in bfloat16 where the processor does so natively (AMX or AVX512-BF16).
 */
public enum Precision {
    FP32,
    BF16,
    /** bf16 where the processor multiplies it natively, fp32 elsewhere. */
    AUTO;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Precision parse(String value) {
        for (Precision p : values()) {
            if (p.id().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return p;
            }
        }
        throw new ConfigurationException("precision", value, "unknown precision", "use one of fp32, bf16, auto");
    }
}
