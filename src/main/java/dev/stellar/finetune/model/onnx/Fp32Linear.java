package dev.stellar.finetune.model.onnx;

/** A Linear layer as PyTorch exports it: MatMul with the transposed weight, then Add the bias (if any). */
public final class Fp32Linear implements OnnxLinear {

    @Override
    public String apply(OnnxGraphBuilder graph, OnnxWeights weights, String x, String prefix) {
        int[] sizes = OnnxLinear.sizes(weights, prefix);
        int out = sizes[0];
        int in = sizes[1];
        String w = graph.floats(
                prefix + ".weight",
                new long[] {in, out},
                OnnxLinear.transposed(weights.values(prefix + ".weight"), out, in));
        return OnnxLinear.plusBias(graph, weights, graph.node("MatMul", x, w), prefix, out);
    }
}
