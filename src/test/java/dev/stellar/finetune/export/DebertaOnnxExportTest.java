package dev.stellar.finetune.export;

import static dev.stellar.finetune.testing.GoldenCases.flatten;
import static dev.stellar.finetune.testing.GoldenCases.longs;
import static dev.stellar.finetune.testing.GoldenCases.maxDifference;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.gson.JsonObject;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.Checkpoint;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelInputs;
import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.model.onnx.DynamicInt8Linear;
import dev.stellar.finetune.model.onnx.Fp32Linear;
import dev.stellar.finetune.model.onnx.OnnxEmbedding;
import dev.stellar.finetune.model.onnx.OnnxLinear;
import dev.stellar.finetune.testing.GoldenCases;
import dev.stellar.finetune.testing.TestModels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The DeBERTa-v2 export (relative rows picked in the graph from the sequence length, the projected relative
 * embeddings as constants, ContextPooler) in ONNX Runtime against the float64 reference logits of
 * DebertaV2ForSequenceClassification for the tiny fixture, whose checkpoint carries that head.
 */
class DebertaOnnxExportTest {

    private static final ModelDirectory DIRECTORY =
            ModelDirectory.open(TestModels.tinyDebertaV2(), "tiny-deberta-v2", true);

    @Test
    void onnxRuntimeGivesDebertaV2ForSequenceClassificationsLogits() throws Exception {
        double error = maxError(export(new Fp32Linear(), OnnxEmbedding.FP32), "fp32");
        assertTrue(error < 1e-4, "logits differ by " + error);
    }

    /** int8 weights and activations: the graph runs, and the scores stay near the reference. */
    @Test
    void theInt8ExportRuns() throws Exception {
        double error = maxError(export(new DynamicInt8Linear(), OnnxEmbedding.INT8_ROWS), "int8");
        assertTrue(error < 0.5, "int8 logits differ by " + error);
    }

    /**
     * Beyond the distance where the relative rows saturate (80 tokens; rows are clipped in the graph), ONNX
     * Runtime gives the Java model's logits: DeBERTa has no position table to bound the length.
     */
    @Test
    void onnxRuntimeMatchesTheJavaModelOnALongRow() throws Exception {
        TestModels.startEngine();
        int length = 80;
        long[][] ids = new long[2][length];
        long[][] mask = new long[2][length];
        Random random = new Random(7);
        for (int row = 0; row < 2; row++) {
            int real = row == 0 ? length : 50;
            for (int s = 0; s < real; s++) {
                ids[row][s] = 4L + random.nextInt(500);
                mask[row][s] = 1;
            }
        }
        float[] java;
        try (ClassifierModel model = ClassifierModel.fromPretrained(
                        DIRECTORY,
                        new HeadSettings(List.of(), 0.1, Pooling.CLS),
                        List.of("LABEL_0", "LABEL_1", "LABEL_2"),
                        1,
                        KernelKind.FP32,
                        new RecordingLog());
                Checkpoint checkpoint = Checkpoint.open(DIRECTORY);
                NDManager step = model.manager().newSubManager()) {
            for (String head : model.initialised()) {
                model.network().namedParameters().get(head).getArray().set(checkpoint.floats(head));
            }
            java = model.network()
                    .forward(model.parameterStore(), ModelInputs.of(step, ids, new long[2][length], mask), false)
                    .singletonOrThrow()
                    .toFloatArray();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(
                        export(new Fp32Linear(), OnnxEmbedding.FP32), new OrtSession.SessionOptions());
                OnnxTensor idTensor = OnnxTensor.createTensor(env, ids);
                OnnxTensor maskTensor = OnnxTensor.createTensor(env, mask);
                OnnxTensor typeTensor = OnnxTensor.createTensor(env, new long[2][length])) {
            Map<String, OnnxTensor> inputs = new HashMap<>(
                    Map.of(ClassifierOnnxGraph.INPUT_IDS, idTensor, ClassifierOnnxGraph.ATTENTION_MASK, maskTensor));
            if (session.getInputNames().contains(ClassifierOnnxGraph.TOKEN_TYPE_IDS)) {
                inputs.put(ClassifierOnnxGraph.TOKEN_TYPE_IDS, typeTensor);
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][] logits = (float[][])
                        result.get(ClassifierOnnxGraph.LOGITS).orElseThrow().getValue();
                double max = 0;
                for (int row = 0; row < 2; row++) {
                    for (int label = 0; label < 3; label++) {
                        max = Math.max(max, Math.abs(logits[row][label] - java[row * 3 + label]));
                    }
                }
                System.out.printf("tiny-deberta-v2 ONNX Runtime vs Java, 80 tokens: logits max |diff| %.3g%n", max);
                assertTrue(max < 1e-4, "logits differ by " + max);
            }
        }
    }

    private static byte[] export(OnnxLinear linear, OnnxEmbedding words) {
        try (Checkpoint checkpoint = Checkpoint.open(DIRECTORY)) {
            return ClassifierOnnxGraph.build(
                            DIRECTORY.config(),
                            new HeadSettings(List.of(), 0.1, Pooling.CLS),
                            List.of("LABEL_0", "LABEL_1", "LABEL_2"),
                            new CheckpointWeights(checkpoint),
                            linear,
                            words,
                            "test",
                            Map.of())
                    .toByteArray();
        }
    }

    /** The largest difference from the golden logits over every case; the graph may or may not take token types. */
    private static double maxError(byte[] onnx, String kind) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        double max = 0;
        int cases = 0;
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
            for (JsonObject c : GoldenCases.cases(TestModels.tinyDebertaV2())) {
                Map<String, OnnxTensor> inputs = new HashMap<>();
                try {
                    inputs.put(ClassifierOnnxGraph.INPUT_IDS, tensor(env, c, "input_ids"));
                    inputs.put(ClassifierOnnxGraph.ATTENTION_MASK, tensor(env, c, "attention_mask"));
                    if (session.getInputNames().contains(ClassifierOnnxGraph.TOKEN_TYPE_IDS)) {
                        inputs.put(ClassifierOnnxGraph.TOKEN_TYPE_IDS, tensor(env, c, "token_type_ids"));
                    }
                    try (OrtSession.Result result = session.run(inputs)) {
                        float[][] logits = (float[][]) result.get(ClassifierOnnxGraph.LOGITS)
                                .orElseThrow()
                                .getValue();
                        float[] flat = new float[logits.length * logits[0].length];
                        for (int row = 0; row < logits.length; row++) {
                            System.arraycopy(logits[row], 0, flat, row * logits[row].length, logits[row].length);
                        }
                        double error = maxDifference(flat, flatten(c.get("logits")));
                        System.out.printf(
                                "tiny-deberta-v2 ONNX Runtime %s, case %s: logits max |diff| %.3g%n",
                                kind, c.get("name").getAsString(), error);
                        max = Math.max(max, error);
                        cases++;
                    }
                } finally {
                    inputs.values().forEach(OnnxTensor::close);
                }
            }
        }
        assertTrue(cases > 0, "golden.json has no cases");
        return max;
    }

    private static OnnxTensor tensor(OrtEnvironment env, JsonObject c, String key) throws OrtException {
        return OnnxTensor.createTensor(env, longs(c.getAsJsonArray(key)));
    }
}
