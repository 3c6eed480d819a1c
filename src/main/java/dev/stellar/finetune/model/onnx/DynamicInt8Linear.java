package dev.stellar.finetune.model.onnx;

/**
 * A Linear layer with dynamically quantized arithmetic, in the form ONNX Runtime's {@code quantize_dynamic}
 * writes (QOperator, uint8 activations, int8 weights): the weight is stored as int8 with one symmetric scale
 * per output column ({@link Int8Rows} of the [out, in] weight, transposed); at run time DynamicQuantizeLinear
 * maps each input tensor onto uint8 with its own scale and zero point, MatMulInteger multiplies in integers,
 * and the int32 result is scaled back to float before the float bias is added. ONNX Runtime fuses this chain
 * into one DynamicQuantizeMatMul kernel.
 */
public final class DynamicInt8Linear implements OnnxLinear {

    @Override
    public String apply(OnnxGraphBuilder graph, OnnxWeights weights, String x, String prefix) {
        int[] sizes = OnnxLinear.sizes(weights, prefix);
        int out = sizes[0];
        int in = sizes[1];
        Int8Rows q = Int8Rows.of(weights.values(prefix + ".weight"), out, in);
        String w = graph.initializer(
                prefix + ".weight_quantized", OnnxGraphBuilder.INT8, new long[] {in, out}, q.transposedValues());
        String wScale = graph.floats(prefix + ".weight_scale", new long[] {out}, q.scales());
        String wZero = graph.initializer(
                prefix + ".weight_zero_point", OnnxGraphBuilder.INT8, new long[] {out}, new byte[out]);
        String[] xq = graph.nodeWithOutputs("DynamicQuantizeLinear", 3, x);
        String product = graph.node("MatMulInteger", xq[0], w, xq[2], wZero);
        String scale = graph.node("Mul", xq[1], wScale);
        String scaled = graph.node(
                "Mul",
                graph.node("Cast", product, OnnxGraphBuilder.attribute("to", (long) OnnxGraphBuilder.FLOAT)),
                scale);
        return OnnxLinear.plusBias(graph, weights, scaled, prefix, out);
    }
}
