package dev.stellar.finetune.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/** How a {@link BertLayer} computes: the same mathematics, in DJL's eager ops or in one TorchScript call. */
public interface LayerKernel {

    /**
     * @param x hidden states (B, S, H)
     * @param maskBias the additive attention mask (B, 1, 1, S)
     * @return the layer's output (B, S, H)
     */
    NDArray forward(ParameterStore store, BertLayer layer, NDArray x, NDArray maskBias, boolean training);
}
