package dev.stellar.finetune.model;

import java.util.List;

/**
 * The matrix-product FLOPs of a BERT classifier, counted as the PyTorch peer counts them (elementwise
 * work, softmax, LayerNorm and embedding lookups not counted): per layer and row of S tokens, forward
 * 2·S·(4H² + 2H·I) + 4·S²·H; a trained layer costs 3x its forward, a frozen one 1x; the lowest trained
 * layer of a frozen stack skips the input gradient of Q, K and V.
 */
public final class FlopModel {

    private final EncoderConfig config;
    private final List<int[]> headShapes;

    /** @param headShapes (in, out) of each Linear of the head, pooler excluded */
    public FlopModel(EncoderConfig config, List<int[]> headShapes) {
        this.config = config;
        this.headShapes = List.copyOf(headShapes);
    }

    /** Forward FLOPs of one layer for a row of {@code tokens} tokens. */
    public double layerForward(long tokens) {
        double h = config.hiddenSize();
        double i = config.intermediateSize();
        return 2.0 * tokens * (4 * h * h + 2 * h * i) + 4.0 * tokens * tokens * h;
    }

    private double head() {
        double h = config.hiddenSize();
        double flops = 2 * h * h;
        for (int[] s : headShapes) {
            flops += 2.0 * s[0] * s[1];
        }
        return flops;
    }

    /** One training step over rows of the given lengths. */
    public double train(long[] rowLengths, int freezeLayerCount) {
        int layers = config.numLayers();
        int frozen = freezeLayerCount == 0 ? 0 : Math.max(freezeLayerCount, 0);
        double flops = 0;
        for (long length : rowLengths) {
            double layer = layerForward(length);
            flops += frozen * layer + (layers - frozen) * 3 * layer + 3 * head();
            if (freezeLayerCount != 0 && frozen < layers) {
                flops -= 2.0 * length * 3 * config.hiddenSize() * config.hiddenSize();
            }
        }
        return flops;
    }

    /** One inference pass over rows of the given lengths. */
    public double infer(long[] rowLengths) {
        double flops = 0;
        for (long length : rowLengths) {
            flops += config.numLayers() * layerForward(length) + head();
        }
        return flops;
    }
}
