package dev.stellar.finetune.model.deberta;

import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.onnx.OnnxWeights;

/**
 * The relative embeddings as the export computes them once, in double precision: the encoder's LayerNorm of
 * {@code rel_embeddings}, and its projection by a layer's query or key projection, laid out per head.
 */
final class RelativeTable {

    private RelativeTable() {}

    /** {@code LayerNorm(rel_embeddings)}, row-major (rows, H). */
    static float[] normalised(EncoderConfig config, OnnxWeights weights, String encoder) {
        float[] table = weights.values(encoder + "rel_embeddings.weight");
        float[] gamma = weights.values(encoder + "LayerNorm.weight");
        float[] beta = weights.values(encoder + "LayerNorm.bias");
        int h = config.hiddenSize();
        float[] out = new float[table.length];
        for (int row = 0; row < table.length / h; row++) {
            double mean = 0;
            for (int i = 0; i < h; i++) {
                mean += table[row * h + i];
            }
            mean /= h;
            double variance = 0;
            for (int i = 0; i < h; i++) {
                double d = table[row * h + i] - mean;
                variance += d * d;
            }
            double inverse = 1 / Math.sqrt(variance / h + config.layerNormEps());
            for (int i = 0; i < h; i++) {
                out[row * h + i] = (float) ((table[row * h + i] - mean) * inverse * gamma[i] + beta[i]);
            }
        }
        return out;
    }

    /**
     * {@code table W^T + b} for the first {@code rows} rows, split into heads and transposed so that
     * queries or keys (..., S, head size) multiply it: (heads, head size, rows).
     */
    static float[] project(float[] table, float[] weight, float[] bias, EncoderConfig config, int rows) {
        int h = config.hiddenSize();
        int headSize = config.headSize();
        float[] out = new float[h * rows];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < h; o++) {
                double sum = bias[o];
                for (int i = 0; i < h; i++) {
                    sum += (double) table[r * h + i] * weight[o * h + i];
                }
                int head = o / headSize;
                int within = o % headSize;
                out[(head * headSize + within) * rows + r] = (float) sum;
            }
        }
        return out;
    }
}
