package dev.stellar.finetune.model.bert;

import dev.stellar.finetune.config.Precision;
import dev.stellar.finetune.engine.CpuFeatures;

/** Which layer kernel a precision means on this machine. */
public final class Kernels {

    private Kernels() {}

    /** fp32 in one TorchScript call per layer (fused attention): the default. */
    public static LayerKernel fp32() {
        return new ScriptedLayerKernel(false);
    }

    public static LayerKernel bf16() {
        return new ScriptedLayerKernel(true);
    }

    public static LayerKernel eager() {
        return new EagerLayerKernel();
    }

    /** AUTO is bf16 only where the processor multiplies bf16 natively; emulated bf16 is slower than fp32. */
    public static LayerKernel of(Precision precision) {
        return switch (precision) {
            case FP32 -> fp32();
            case BF16 -> bf16();
            case AUTO -> usesBf16(precision) ? bf16() : fp32();
        };
    }

    public static boolean usesBf16(Precision precision) {
        return precision == Precision.BF16 || (precision == Precision.AUTO && CpuFeatures.multipliesBf16Natively());
    }
}
