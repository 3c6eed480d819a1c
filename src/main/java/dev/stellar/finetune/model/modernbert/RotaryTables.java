package dev.stellar.finetune.model.modernbert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * transformers' ModernBertRotaryEmbedding for positions 0..S-1: {@code inv_freq = 1 / theta^(2i / d)},
 * {@code emb = cat(freqs, freqs)}, and its cos and sin, (S, d). Computed in double once per batch and base
 * (S * d / 2 angles: nothing beside the layers), not cached: dynamic padding makes every length possible.
 */
public final class RotaryTables {

    private RotaryTables() {}

    /** cos and sin, (S, d), on {@code manager}. */
    public static NDArray[] of(NDManager manager, int length, int headSize, double theta) {
        int d = headSize;
        int half = d / 2;
        float[] cos = new float[length * d];
        float[] sin = new float[length * d];
        for (int i = 0; i < half; i++) {
            double inverseFrequency = 1 / Math.pow(theta, 2.0 * i / d);
            for (int s = 0; s < length; s++) {
                double angle = s * inverseFrequency;
                cos[s * d + i] = (float) Math.cos(angle);
                cos[s * d + half + i] = cos[s * d + i];
                sin[s * d + i] = (float) Math.sin(angle);
                sin[s * d + half + i] = sin[s * d + i];
            }
        }
        Shape shape = new Shape(length, d);
        return new NDArray[] {manager.create(cos, shape), manager.create(sin, shape)};
    }
}
