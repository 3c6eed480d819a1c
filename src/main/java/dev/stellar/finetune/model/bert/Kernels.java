package dev.stellar.finetune.model.bert;

import dev.stellar.finetune.model.arch.KernelKind;

/** The post-LayerNorm layer's kernel for each {@link KernelKind}. */
public final class Kernels {

    private Kernels() {}

    public static LayerKernel of(KernelKind kind) {
        return switch (kind) {
            case EAGER -> new EagerLayerKernel();
            case FP32, BF16, FP16 -> new ScriptedLayerKernel(kind);
        };
    }
}
