package dev.stellar.finetune.config;

import java.util.Locale;

/**
 * The arithmetic of the encoder's matrix products. Weights, gradients and the optimizer stay fp32 in
 * every case; bf16 multiplies in bfloat16 where the device does so natively (AMX or AVX512-BF16, a GPU from
 * Ampere on); fp16 multiplies in float16 with dynamic loss scaling, for GPUs with fp16 tensor cores but no bf16
 * (Volta, Turing).
 */
public enum Precision {
    FP32,
    BF16,
    FP16,
    /** bf16 where the device multiplies it natively, else fp16 on a GPU with fp16 tensor cores, else fp32. */
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
        throw new ConfigurationException("precision", value, "unknown precision", "use one of fp32, bf16, fp16, auto");
    }
}
