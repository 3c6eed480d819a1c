package dev.stellar.finetune.testing;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.util.Map;

/** ONNX Runtime running a BERT export: the reference the Java encoder is compared with. */
public final class OnnxRuntimeReference {

    private OnnxRuntimeReference() {
    }

    /** last_hidden_state for the inputs, flattened in (batch, token, hidden) order. */
    public static float[] lastHiddenState(byte[] onnx, long[][] ids, long[][] mask, long[][] types) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
                OnnxTensor idTensor = OnnxTensor.createTensor(env, ids);
                OnnxTensor maskTensor = OnnxTensor.createTensor(env, mask);
                OnnxTensor typeTensor = OnnxTensor.createTensor(env, types);
                OrtSession.Result result = session.run(Map.of("input_ids", idTensor, "attention_mask", maskTensor,
                        "token_type_ids", typeTensor))) {
            float[][][] hidden = (float[][][]) result.get("last_hidden_state").orElseThrow().getValue();
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
