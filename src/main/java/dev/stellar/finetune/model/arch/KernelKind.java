package dev.stellar.finetune.model.arch;

import dev.stellar.finetune.config.Precision;
import dev.stellar.finetune.engine.ComputeDevice;

/**
 * How the encoder layers compute, whatever the family: each family's layer maps this to its own kernel.
 * The arithmetic is the same; only the engine calls and the precision of the matrix products differ.
 */
public enum KernelKind {
    /** DJL's eager ops, one engine call per operation: the reference the others must match. */
    EAGER,
    /** fp32 in one TorchScript call per layer (fused attention): the default. */
    FP32,
    /** As FP32, with the Linear layers' products in bfloat16 on fp32 weights. */
    BF16;

    /**
     * AUTO is bf16 only where the device multiplies bf16 natively (AMX or AVX512-BF16, a GPU from Ampere on);
     * emulated bf16 is slower than fp32.
     */
    public static KernelKind of(Precision precision) {
        return usesBf16(precision) ? BF16 : FP32;
    }

    public static boolean usesBf16(Precision precision) {
        return precision == Precision.BF16
                || (precision == Precision.AUTO && ComputeDevice.current().bf16());
    }
}
