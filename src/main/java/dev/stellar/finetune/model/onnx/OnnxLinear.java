package dev.stellar.finetune.model.onnx;

/**
 * How a Linear layer ({@code y = x W^T + b}, PyTorch's layout: W is [out, in]) is written into a graph: in
 * float32, or with int8 weights and activations quantized as the graph runs.
 */
public interface OnnxLinear {

    /**
     * @param x the input, [..., in]
     * @param prefix the layer's Hugging Face name, e.g. {@code encoder.layer.0.attention.self.query}; its
     *     {@code .weight} and {@code .bias} (if it has one) come from {@code weights}
     * @return the output, [..., out]
     */
    String apply(OnnxGraphBuilder graph, OnnxWeights weights, String x, String prefix);

    /** The layer's (out, in) sizes, from its weight. */
    static int[] sizes(OnnxWeights weights, String prefix) {
        long[] shape = weights.shape(prefix + ".weight");
        return new int[] {Math.toIntExact(shape[0]), Math.toIntExact(shape[1])};
    }

    /** The product plus the layer's bias, or the product alone for a Linear without bias (ModernBERT's). */
    static String plusBias(OnnxGraphBuilder graph, OnnxWeights weights, String product, String prefix, int out) {
        if (!weights.has(prefix + ".bias")) {
            return product;
        }
        return graph.node(
                "Add", product, graph.floats(prefix + ".bias", new long[] {out}, weights.values(prefix + ".bias")));
    }

    /** W^T as [in, out], the layout MatMul takes (PyTorch's exporter stores Linear weights so). */
    static float[] transposed(float[] weight, int out, int in) {
        float[] t = new float[weight.length];
        for (int o = 0; o < out; o++) {
            int row = o * in;
            for (int i = 0; i < in; i++) {
                t[i * out + o] = weight[row + i];
            }
        }
        return t;
    }
}
