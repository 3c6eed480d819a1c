package dev.stellar.finetune.model.modernbert;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.stellar.finetune.model.arch.KernelKind;

/** How a {@link ModernBertLayer} computes: the same mathematics, in DJL's eager ops or in one TorchScript call. */
public interface ModernBertKernel {

    /**
     * @param x hidden states (B, S, H)
     * @return the layer's output (B, S, H)
     */
    NDArray forward(
            ParameterStore store, ModernBertLayer layer, NDArray x, AttentionInputs attention, boolean training);

    static ModernBertKernel of(KernelKind kind) {
        return switch (kind) {
            case EAGER -> new ModernBertEagerKernel();
            case FP32, BF16, FP16 -> new ModernBertScriptedKernel(kind);
        };
    }
}
