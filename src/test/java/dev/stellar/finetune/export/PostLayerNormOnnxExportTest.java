package dev.stellar.finetune.export;

import static dev.stellar.finetune.testing.GoldenCases.longs;
import static dev.stellar.finetune.testing.GoldenCases.maxDifference;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.gson.JsonObject;
import dev.stellar.finetune.model.Checkpoint;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.model.onnx.DynamicInt8Linear;
import dev.stellar.finetune.model.onnx.Fp32Linear;
import dev.stellar.finetune.model.onnx.OnnxEmbedding;
import dev.stellar.finetune.model.onnx.OnnxGraphBuilder;
import dev.stellar.finetune.model.onnx.OnnxLinear;
import dev.stellar.finetune.testing.GoldenCases;
import dev.stellar.finetune.testing.GoldenFamily;
import dev.stellar.finetune.testing.OnnxRuntimeReference;
import dev.stellar.finetune.testing.TestModels;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exports of the post-LayerNorm families beside BERT (DistilBERT's names and missing token types,
 * ELECTRA's projected embeddings, each with its own head) in ONNX Runtime: the float32 graph gives the
 * reference *ForSequenceClassification logits and the plugin's own, and the int8 graph runs and stays close.
 */
class PostLayerNormOnnxExportTest {

    /** int8 weights and activations on random weights of scale 0.2: the logits hold only roughly (measured 0.04). */
    private static final double INT8_TOLERANCE = 0.1;

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tiny-distilbert", "tiny-electra"})
    void onnxRuntimeGivesTheReferenceLogitsAndThePluginsOwn(String fixture) throws Exception {
        GoldenFamily family = new GoldenFamily(fixture);
        byte[] onnx = onnx(family, new Fp32Linear(), OnnxEmbedding.FP32);
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx, new OrtSession.SessionOptions());
                ClassifierModel java = family.referenceClassifier(KernelKind.FP32)) {
            for (JsonObject c : family.cases()) {
                float[] logits = onnxLogits(session, c);
                double error = family.report(c, "ONNX Runtime logits", logits, c.get("logits"));
                assertTrue(error < 1e-4, "logits differ from the reference by " + error);
                double fromJava = maxDifference(logits, toDoubles(GoldenFamily.logits(java, c)));
                System.out.printf(
                        "%s ONNX Runtime vs Java logits, case %s: max |diff| %.3g%n",
                        fixture, c.get("name").getAsString(), fromJava);
                assertTrue(fromJava < 1e-4, "logits differ from the plugin's by " + fromJava);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tiny-distilbert", "tiny-electra"})
    void theInt8ExportRuns(String fixture) throws Exception {
        GoldenFamily family = new GoldenFamily(fixture);
        byte[] onnx = onnx(family, new DynamicInt8Linear(), OnnxEmbedding.INT8_ROWS);
        try (OrtSession session =
                OrtEnvironment.getEnvironment().createSession(onnx, new OrtSession.SessionOptions())) {
            for (JsonObject c : family.cases()) {
                double error = family.report(c, "ONNX Runtime int8 logits", onnxLogits(session, c), c.get("logits"));
                assertTrue(error < INT8_TOLERANCE, "int8 logits differ from the reference by " + error);
            }
        }
    }

    /**
     * A graph without a token_type_ids input (what ClassifierOnnxGraph builds for a model with at most one token
     * type): DistilBERT has no token-type table, RoBERTa adds its single row to every token.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tiny-distilbert", "tiny-roberta"})
    void anEncoderGraphWithoutTokenTypeIdsGivesTheReferenceHiddenStates(String fixture) throws Exception {
        GoldenFamily family = new GoldenFamily(fixture);
        ModelDirectory directory = family.directory();
        EncoderConfig config = directory.config();
        byte[] onnx;
        try (Checkpoint checkpoint = Checkpoint.open(directory)) {
            OnnxGraphBuilder graph = new OnnxGraphBuilder("encoder");
            String ids = graph.input(ClassifierOnnxGraph.INPUT_IDS, OnnxGraphBuilder.INT64, "batch", "sequence");
            String mask = graph.input(ClassifierOnnxGraph.ATTENTION_MASK, OnnxGraphBuilder.INT64, "batch", "sequence");
            String hidden = config.architecture()
                    .graph(graph, config, new CheckpointWeights(checkpoint), new Fp32Linear(), OnnxEmbedding.FP32)
                    .encoder(ids, null, mask);
            graph.output(hidden, "last_hidden_state", OnnxGraphBuilder.FLOAT, "batch", "sequence", config.hiddenSize());
            onnx = graph.model(ClassifierOnnxGraph.IR_VERSION, ClassifierOnnxGraph.OPSET, "test", "test", "", Map.of())
                    .toByteArray();
        }
        for (JsonObject c : family.cases()) {
            float[] hidden = OnnxRuntimeReference.lastHiddenState(
                    onnx,
                    Map.of(
                            ClassifierOnnxGraph.INPUT_IDS, longs(c.getAsJsonArray("input_ids")),
                            ClassifierOnnxGraph.ATTENTION_MASK, longs(c.getAsJsonArray("attention_mask"))));
            double error = family.report(c, "ONNX Runtime last_hidden_state", hidden, c.get("last_hidden_state"));
            assertTrue(error < 1e-4, "last_hidden_state differs from the reference by " + error);
        }
    }

    /** The fixture, with its own head weights, exported with its own head. */
    private static byte[] onnx(GoldenFamily family, OnnxLinear encoderLinear, OnnxEmbedding words) {
        ModelDirectory directory = family.directory();
        try (Checkpoint checkpoint = Checkpoint.open(directory)) {
            return ClassifierOnnxGraph.build(
                            directory.config(),
                            GoldenFamily.OWN_HEAD,
                            GoldenFamily.LABELS,
                            new CheckpointWeights(checkpoint),
                            encoderLinear,
                            words,
                            "test",
                            Map.of())
                    .toByteArray();
        }
    }

    /**
     * ONNX Runtime's logits for one case, flattened. token_type_ids is fed only where the graph takes it (a
     * family without token types may have no such input); a case without them gets zeros.
     */
    private static float[] onnxLogits(OrtSession session, JsonObject c) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(
                    ClassifierOnnxGraph.INPUT_IDS, OnnxTensor.createTensor(env, longs(c.getAsJsonArray("input_ids"))));
            inputs.put(
                    ClassifierOnnxGraph.ATTENTION_MASK,
                    OnnxTensor.createTensor(env, longs(c.getAsJsonArray("attention_mask"))));
            if (session.getInputNames().contains(ClassifierOnnxGraph.TOKEN_TYPE_IDS)) {
                inputs.put(
                        ClassifierOnnxGraph.TOKEN_TYPE_IDS, OnnxTensor.createTensor(env, GoldenCases.tokenTypeIds(c)));
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

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
