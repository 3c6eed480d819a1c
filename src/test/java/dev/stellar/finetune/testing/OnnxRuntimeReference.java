package dev.stellar.finetune.testing;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.stellar.finetune.data.EncodedSplit;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** ONNX Runtime running a BERT export: the reference the Java encoder is compared with. */
public final class OnnxRuntimeReference {

    private OnnxRuntimeReference() {}

    /** last_hidden_state for the inputs, flattened in (batch, token, hidden) order. */
    public static float[] lastHiddenState(byte[] onnx, long[][] ids, long[][] mask, long[][] types) throws Exception {
        return lastHiddenState(onnx, Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types));
    }

    /** last_hidden_state for the graph's inputs by name (a graph may take no token_type_ids), flattened. */
    public static float[] lastHiddenState(byte[] onnx, Map<String, long[][]> inputs) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> tensors = new HashMap<>();
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
            for (Map.Entry<String, long[][]> input : inputs.entrySet()) {
                tensors.put(input.getKey(), OnnxTensor.createTensor(env, input.getValue()));
            }
            try (OrtSession.Result result = session.run(tensors)) {
                float[][][] hidden = (float[][][])
                        result.get("last_hidden_state").orElseThrow().getValue();
                float[] flat = new float[hidden.length * hidden[0].length * hidden[0][0].length];
                int at = 0;
                for (float[][] row : hidden) {
                    for (float[] token : row) {
                        System.arraycopy(token, 0, flat, at, token.length);
                        at += token.length;
                    }
                }
                return flat;
            }
        } finally {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * Runs a classifier export on the rows of a split padded into one batch (pad id 0, mask 0), as an
     * application would; returns each row's logits.
     */
    public static float[][] logits(Path onnx, EncodedSplit split) throws Exception {
        int rows = split.size();
        int longest = 0;
        for (int i = 0; i < rows; i++) {
            longest = Math.max(longest, split.length(i));
        }
        long[][] ids = new long[rows][longest];
        long[][] mask = new long[rows][longest];
        long[][] types = new long[rows][longest];
        for (int i = 0; i < rows; i++) {
            for (int t = 0; t < split.length(i); t++) {
                ids[i][t] = split.inputIds()[i][t];
                types[i][t] = split.tokenTypeIds()[i][t];
                mask[i][t] = 1;
            }
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
                OnnxTensor idTensor = OnnxTensor.createTensor(env, ids);
                OnnxTensor maskTensor = OnnxTensor.createTensor(env, mask);
                OnnxTensor typeTensor = OnnxTensor.createTensor(env, types);
                OrtSession.Result result = session.run(
                        Map.of("input_ids", idTensor, "attention_mask", maskTensor, "token_type_ids", typeTensor))) {
            return (float[][]) result.get("logits").orElseThrow().getValue();
        }
    }

    /** The softmax in double precision, as an independent check of the plugin's own. */
    public static float[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        float[] out = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = (float) (e[i] / sum);
        }
        return out;
    }

    public static double largestDifference(float[][] a, float[][] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(a.length + " rows against " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, largestDifference(a[i], b[i]));
        }
        return max;
    }

    public static double largestDifference(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(a.length + " values against " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
