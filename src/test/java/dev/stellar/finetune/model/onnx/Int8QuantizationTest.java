package dev.stellar.finetune.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The int8 export's arithmetic: the rounding of weights, the Linear layer's graph run by ONNX Runtime against the
 * arithmetic the ONNX specification defines for DynamicQuantizeLinear and MatMulInteger (computed here in plain
 * Java), and the int8 embedding lookup.
 */
class Int8QuantizationTest {

    private static final int IN = 48;
    private static final int OUT = 24;

    @Test
    void eachRowIsRoundedToTheNearestOf255StepsSpanningItsLargestValue() {
        float[] weight = randomWeights(new Random(1), OUT, IN);
        for (int i = 0; i < IN; i++) {
            weight[5 * IN + i] = 0; // a row of zeros keeps a usable scale
        }
        Int8Rows q = Int8Rows.of(weight, OUT, IN);
        float[] back = q.dequantized();
        for (int o = 0; o < OUT; o++) {
            float max = 0;
            for (int i = 0; i < IN; i++) {
                max = Math.max(max, Math.abs(weight[o * IN + i]));
                assertTrue(
                        Math.abs(back[o * IN + i] - weight[o * IN + i]) <= q.scales()[o] / 2 + 1e-7,
                        "row " + o + " column " + i);
            }
            assertEquals(max == 0 ? 1f : max / 127, q.scales()[o], 1e-9);
        }
    }

    @Test
    void onnxRuntimeComputesWhatTheSpecificationDefines() throws Exception {
        Random random = new Random(2);
        float[] weight = randomWeights(random, OUT, IN);
        float[] bias = new float[OUT];
        for (int o = 0; o < OUT; o++) {
            bias[o] = (float) random.nextGaussian();
        }
        // Activations of both signs and a skew, as layer outputs have.
        float[][][] x = new float[2][5][IN];
        for (float[][] row : x) {
            for (float[] token : row) {
                for (int i = 0; i < IN; i++) {
                    token[i] = (float) (random.nextGaussian() * 2 + 0.5);
                }
            }
        }
        OnnxGraphBuilder graph = new OnnxGraphBuilder("linear");
        String input = graph.input("x", OnnxGraphBuilder.FLOAT, "batch", "sequence", IN);
        OnnxWeights weights = new ArrayWeights(
                Map.of("layer.weight", weight, "layer.bias", bias),
                Map.of("layer.weight", new long[] {OUT, IN}, "layer.bias", new long[] {OUT}));
        graph.output(
                new DynamicInt8Linear().apply(graph, weights, input, "layer"),
                "y",
                OnnxGraphBuilder.FLOAT,
                "batch",
                "sequence",
                OUT);
        byte[] model = graph.model(8, 17, "test", "", "", Map.of()).toByteArray();

        float[][][] actual;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
                OnnxTensor tensor = OnnxTensor.createTensor(env, x);
                OrtSession.Result result = session.run(Map.of("x", tensor))) {
            actual = (float[][][]) result.get(0).getValue();
        }
        float[][][] expected = specification(x, Int8Rows.of(weight, OUT, IN), bias);
        double largest = 0;
        double scale = 0;
        for (int b = 0; b < x.length; b++) {
            for (int t = 0; t < x[0].length; t++) {
                for (int o = 0; o < OUT; o++) {
                    largest = Math.max(largest, Math.abs(actual[b][t][o] - expected[b][t][o]));
                    scale = Math.max(scale, Math.abs(expected[b][t][o]));
                }
            }
        }
        assertTrue(largest <= 1e-5 * scale, "largest difference " + largest + " on outputs up to " + scale);
    }

    @Test
    void anInt8EmbeddingLookupGivesEachPickedRowWithinHalfAStepOfTheFloatTable() throws Exception {
        int rows = 50;
        int size = 16;
        float[] table = randomWeights(new Random(3), rows, size);
        OnnxGraphBuilder graph = new OnnxGraphBuilder("lookup");
        String ids = graph.input("ids", OnnxGraphBuilder.INT64, "batch", "sequence");
        OnnxWeights weights = new ArrayWeights(Map.of("words", table), Map.of("words", new long[] {rows, size}));
        graph.output(
                OnnxEmbedding.INT8_ROWS.lookup(graph, weights, "words", ids),
                "vectors",
                OnnxGraphBuilder.FLOAT,
                "batch",
                "sequence",
                size);
        long[][] picked = {{0, 7, 49}, {7, 7, 3}};
        float[][][] vectors;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(
                        graph.model(8, 17, "test", "", "", Map.of()).toByteArray(), new OrtSession.SessionOptions());
                OnnxTensor tensor = OnnxTensor.createTensor(env, picked);
                OrtSession.Result result = session.run(Map.of("ids", tensor))) {
            vectors = (float[][][]) result.get(0).getValue();
        }
        Int8Rows q = Int8Rows.of(table, rows, size);
        for (int b = 0; b < picked.length; b++) {
            for (int t = 0; t < picked[b].length; t++) {
                int row = (int) picked[b][t];
                for (int c = 0; c < size; c++) {
                    assertEquals(q.values()[row * size + c] * q.scales()[row], vectors[b][t][c], 1e-7);
                    assertTrue(Math.abs(vectors[b][t][c] - table[row * size + c]) <= q.scales()[row] / 2 + 1e-7);
                }
            }
        }
    }

    /**
     * DynamicQuantizeLinear over the whole tensor (uint8, the range stretched to hold 0, round half to even),
     * MatMulInteger with the zero points subtracted, then the product of the scales and the bias.
     */
    private static float[][][] specification(float[][][] x, Int8Rows w, float[] bias) {
        float min = 0;
        float max = 0;
        for (float[][] row : x) {
            for (float[] token : row) {
                for (float v : token) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        float scale = (max - min) / 255f;
        int zero = (int) Math.max(0, Math.min(255, Math.rint(-min / scale)));
        float[][][] y = new float[x.length][x[0].length][OUT];
        for (int b = 0; b < x.length; b++) {
            for (int t = 0; t < x[0].length; t++) {
                int[] q = new int[IN];
                for (int i = 0; i < IN; i++) {
                    q[i] = (int) Math.max(0, Math.min(255, Math.rint(x[b][t][i] / scale) + zero));
                }
                for (int o = 0; o < OUT; o++) {
                    long sum = 0;
                    for (int i = 0; i < IN; i++) {
                        sum += (long) (q[i] - zero) * w.values()[o * IN + i];
                    }
                    y[b][t][o] = sum * (scale * w.scales()[o]) + bias[o];
                }
            }
        }
        return y;
    }

    private static float[] randomWeights(Random random, int out, int in) {
        float[] w = new float[out * in];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * 0.2);
        }
        return w;
    }

    /** Weights held in arrays. */
    private record ArrayWeights(Map<String, float[]> values, Map<String, long[]> shapes) implements OnnxWeights {

        @Override
        public float[] values(String name) {
            return values.get(name);
        }

        @Override
        public long[] shape(String name) {
            return shapes.get(name);
        }

        @Override
        public boolean has(String name) {
            return values.containsKey(name);
        }
    }
}
