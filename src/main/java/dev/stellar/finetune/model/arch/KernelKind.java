package dev.stellar.finetune.model.arch;

import dev.stellar.finetune.config.Precision;
import dev.stellar.finetune.engine.ComputeDevice;

/**
 * How the encoder layers compute, whatever the family: each family's layer maps this to its own kernel.
 * The arithmetic is the same; only the engine calls and the precision of the matrix products differ.
 */
public enum KernelKind {
    /** DJL's eager ops, one engine call per operation: the reference the others must match. */
    EAGER("fp32", -1),
    /** fp32 in one TorchScript call per layer (fused attention): the default. */
    FP32("fp32", -1),
    /** As FP32, with the Linear layers' products in bfloat16 on fp32 weights. */
    BF16("bf16", 15),
    /** As FP32, with the Linear layers' products in float16 on fp32 weights; training scales the loss. */
    FP16("fp16", 5);

    private final String label;
    private final int productType;

    KernelKind(String label, int productType) {
        this.label = label;
        this.productType = productType;
    }

    /**
     * AUTO is bf16 only where the device multiplies bf16 natively (AMX or AVX512-BF16, a GPU from Ampere on),
     * else fp16 on a GPU with fp16 tensor cores, else fp32: emulated low precision is slower than fp32.
     */
    public static KernelKind of(Precision precision) {
        return switch (precision) {
            case FP32 -> FP32;
            case BF16 -> BF16;
            case FP16 -> FP16;
            case AUTO -> auto(ComputeDevice.current());
        };
    }

    static KernelKind auto(ComputeDevice device) {
        if (device.bf16()) {
            return BF16;
        }
        return device.isGpu() && device.fp16() ? FP16 : FP32;
    }

    /** "fp32", "bf16" or "fp16", for logs and reports. */
    public String label() {
        return label;
    }

    /** Whether the Linear products run in a 16-bit type. */
    public boolean lowPrecision() {
        return productType >= 0;
    }

    /** libtorch's ScalarType code of the products' operands (15 bfloat16, 5 half); -1 for fp32. */
    public int productType() {
        return productType;
    }

    /** fp16 gradients underflow unless the loss is scaled up before backward (bf16 has fp32's range). */
    public boolean scalesLoss() {
        return this == FP16;
    }
}
