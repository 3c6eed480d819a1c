package dev.stellar.finetune.model.modernbert;

import ai.djl.ndarray.NDArray;

/**
 * What a layer's attention takes besides the hidden states, made once per batch for each kind of layer.
 *
 * @param mask the additive attention mask: (B, 1, 1, S) on global layers, (B, 1, S, S) with the window on local ones
 * @param cos the rotary cosines of the layer's base, (S, head size)
 * @param sin the rotary sines, (S, head size)
 */
public record AttentionInputs(NDArray mask, NDArray cos, NDArray sin) {}
