package dev.stellar.finetune.model.onnx;


/**
 * A Linear layer with dynamically quantized arithmetic, in the form ONNX Runtime's {@code quantize_dynamic}
 * writes (QOperator, uint8 activations, int8 weights): the weight is stored as int8 with one symmetric scale
 * per output column; at run time DynamicQuantizeLinear maps each input tensor onto uint8 with its own
 * scale and zero point, MatMulInteger multiplies in integers, and the int32 result is scaled back to float
 * before the float bias is added. ONNX Runtime fuses this chain into one DynamicQuantizeMatMul kernel.
 */
public final class DynamicInt8Linear implements OnnxLinear {

    @Override
    public String apply(OnnxGraphBuilder graph, OnnxWeights weights, String x, String prefix) {
        int[] sizes = OnnxLinear.sizes(weights, prefix);
        int out = sizes[0];
        int in = sizes[1];
        QuantizedWeight q = QuantizedWeight.of(weights.values(prefix + ".weight"), out, in);
        String w = graph.initializer(prefix + ".weight_quantized", OnnxGraphBuilder.INT8, new long[] {in, out},
                q.values());
        String wScale = graph.floats(prefix + ".weight_scale", new long[] {out}, q.scales());
        String wZero = graph.initializer(prefix + ".weight_zero_point", OnnxGraphBuilder.INT8, new long[] {out},
                new byte[out]);
        String b = graph.floats(prefix + ".bias", new long[] {out}, weights.values(prefix + ".bias"));
        String[] xq = graph.nodeWithOutputs("DynamicQuantizeLinear", 3, x);
        String product = graph.node("MatMulInteger", xq[0], w, xq[2], wZero);
        String scale = graph.node("Mul", xq[1], wScale);
        String scaled = graph.node("Mul", graph.node("Cast", product, OnnxGraphBuilder.attribute("to",
                (long) OnnxGraphBuilder.FLOAT)), scale);
        return graph.node("Add", scaled, b);
    }

    /**
     * A weight [out, in] quantized per output row to int8 in [-127, 127] (symmetric, zero point 0), stored
     * transposed as [in, out] for MatMulInteger.
     */
    record QuantizedWeight(byte[] values, float[] scales) {

        static QuantizedWeight of(float[] weight, int out, int in) {
            byte[] values = new byte[weight.length];
            float[] scales = new float[out];
            for (int o = 0; o < out; o++) {
                float max = 0;
                for (int i = 0; i < in; i++) {
                    max = Math.max(max, Math.abs(weight[o * in + i]));
                }
                float scale = max == 0 ? 1f : max / 127f;
                scales[o] = scale;
                for (int i = 0; i < in; i++) {
                    values[i * out + o] = (byte) Math.max(-127, Math.min(127, Math.round(weight[o * in + i] / scale)));
                }
            }
            return new QuantizedWeight(values, scales);
        }

        /** The float values the int8 weight stands for, [out, in] (for tests of the rounding). */
        float[] dequantized(int out, int in) {
            float[] w = new float[values.length];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    w[o * in + i] = values[i * out + o] * scales[o];
                }
            }
            return w;
        }
    }
}
