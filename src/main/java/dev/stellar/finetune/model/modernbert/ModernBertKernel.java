package dev.stellar.finetune.model.modernbert;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.stellar.finetune.model.arch.KernelKind;

/** How a {@link ModernBertLayer} computes: the same mathematics, in DJL's eager ops or in one TorchScript call. */
public interface ModernBertKernel {

    /**
     * @param x hidden states (B, S, H)
     * @param mask the additive attention mask, (B, 1, 1, S) or (B, 1, S, S)
     * @param cos the rotary cosines (S, head size)
     * @param sin the rotary sines (S, head size)
     * @return the layer's output (B, S, H)
     */
    NDArray forward(
            ParameterStore store,
            ModernBertLayer layer,
            NDArray x,
            NDArray mask,
            NDArray cos,
            NDArray sin,
            boolean training);

    static ModernBertKernel of(KernelKind kind) {
        return switch (kind) {
            case EAGER -> new ModernBertEagerKernel();
            case FP32 -> new ModernBertScriptedKernel(false);
            case BF16 -> new ModernBertScriptedKernel(true);
        };
    }
}
