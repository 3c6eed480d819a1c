package dev.stellar.finetune.export;

import static dev.stellar.finetune.testing.GoldenCases.flatten;
import static dev.stellar.finetune.testing.GoldenCases.longs;
import static dev.stellar.finetune.testing.GoldenCases.maxDifference;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.gson.JsonObject;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.model.Checkpoint;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.onnx.DynamicInt8Linear;
import dev.stellar.finetune.model.onnx.Fp32Linear;
import dev.stellar.finetune.model.onnx.OnnxEmbedding;
import dev.stellar.finetune.model.onnx.OnnxLinear;
import dev.stellar.finetune.testing.GoldenCases;
import dev.stellar.finetune.testing.TestModels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ModernBERT export (rotary tables and the sliding-window mask computed in the graph from the sequence
 * length, bias-free LayerNormalization and Linear layers, ModernBertPredictionHead) in ONNX Runtime against
 * the float64 reference logits of ModernBertForSequenceClassification for the tiny fixture, whose checkpoint
 * carries that head. The two golden cases have different lengths, so the sequence axis is exercised too.
 */
class ModernBertOnnxExportTest {

    @Test
    void onnxRuntimeGivesModernBertForSequenceClassificationsLogits() throws Exception {
        for (Pooling pooling : List.of(Pooling.MEAN, Pooling.CLS)) {
            String key = pooling == Pooling.MEAN ? "logits" : "logits_cls_pooling";
            double error = maxError(export(pooling, new Fp32Linear(), OnnxEmbedding.FP32), key, "float32");
            assertTrue(error < 1e-4, pooling.id() + " logits differ by " + error);
        }
    }

    /** The int8 export builds and runs; its logits stay near the float ones (int8 weights and activations). */
    @Test
    void theInt8ExportRuns() throws Exception {
        double error =
                maxError(export(Pooling.MEAN, new DynamicInt8Linear(), OnnxEmbedding.INT8_ROWS), "logits", "int8");
        assertTrue(error < 0.25, "int8 logits differ by " + error);
    }

    private static byte[] export(Pooling pooling, OnnxLinear linear, OnnxEmbedding words) {
        ModelDirectory directory = ModelDirectory.open(TestModels.tinyModernBert(), "tiny-modernbert", true);
        try (Checkpoint checkpoint = Checkpoint.open(directory)) {
            return ClassifierOnnxGraph.build(
                            directory.config(),
                            new HeadSettings(List.of(), 0.1, pooling),
                            List.of("LABEL_0", "LABEL_1", "LABEL_2"),
                            new CheckpointWeights(checkpoint),
                            linear,
                            words,
                            "test",
                            Map.of())
                    .toByteArray();
        }
    }

    /** The largest difference of ONNX Runtime's logits from golden.json's {@code key}, over every case. */
    private static double maxError(byte[] onnx, String key, String label) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        double max = 0;
        int cases = 0;
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
            for (JsonObject c : GoldenCases.cases(TestModels.tinyModernBert())) {
                float[] logits = run(env, session, c);
                double error = maxDifference(logits, flatten(c.get(key)));
                System.out.printf(
                        "tiny-modernbert ONNX Runtime %s, %s, case %s: logits max |diff| %.3g%n",
                        label, key, c.get("name").getAsString(), error);
                max = Math.max(max, error);
                cases++;
            }
        }
        assertTrue(cases > 0, "golden.json has no cases");
        return max;
    }

    /** One case through the session; token_type_ids only where the graph declares it (ModernBERT has none). */
    private static float[] run(OrtEnvironment env, OrtSession session, JsonObject c) throws OrtException {
        long[][] ids = longs(c.getAsJsonArray("input_ids"));
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(ClassifierOnnxGraph.INPUT_IDS, OnnxTensor.createTensor(env, ids));
            inputs.put(
                    ClassifierOnnxGraph.ATTENTION_MASK,
                    OnnxTensor.createTensor(env, longs(c.getAsJsonArray("attention_mask"))));
            if (session.getInputNames().contains(ClassifierOnnxGraph.TOKEN_TYPE_IDS)) {
                inputs.put(
                        ClassifierOnnxGraph.TOKEN_TYPE_IDS,
                        OnnxTensor.createTensor(env, new long[ids.length][ids[0].length]));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][] logits = (float[][])
                        result.get(ClassifierOnnxGraph.LOGITS).orElseThrow().getValue();
                float[] flat = new float[logits.length * logits[0].length];
                for (int row = 0; row < logits.length; row++) {
                    System.arraycopy(logits[row], 0, flat, row * logits[row].length, logits[row].length);
                }
                return flat;
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }
}
