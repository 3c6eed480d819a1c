package dev.stellar.finetune.export;

import static dev.stellar.finetune.testing.GoldenCases.flatten;
import static dev.stellar.finetune.testing.GoldenCases.longs;
import static dev.stellar.finetune.testing.GoldenCases.maxDifference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.gson.JsonObject;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.model.Checkpoint;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.onnx.Fp32Linear;
import dev.stellar.finetune.model.onnx.OnnxEmbedding;
import dev.stellar.finetune.testing.GoldenCases;
import dev.stellar.finetune.testing.TestModels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The RoBERTa export (positions counted over non-padding tokens, RobertaClassificationHead) in ONNX Runtime
 * against the float64 reference logits of RobertaForSequenceClassification for the tiny fixture, whose
 * checkpoint carries that head.
 */
class RobertaOnnxExportTest {

    @Test
    void onnxRuntimeGivesRobertaForSequenceClassificationsLogits() throws Exception {
        ModelDirectory directory = ModelDirectory.open(TestModels.tinyRoberta(), "tiny-roberta", true);
        byte[] onnx;
        try (Checkpoint checkpoint = Checkpoint.open(directory)) {
            onnx = ClassifierOnnxGraph.build(
                            directory.config(),
                            new HeadSettings(List.of(), 0.1, Pooling.CLS),
                            List.of("LABEL_0", "LABEL_1", "LABEL_2"),
                            new CheckpointWeights(checkpoint),
                            new Fp32Linear(),
                            OnnxEmbedding.FP32,
                            "test",
                            Map.of())
                    .toByteArray();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int cases = 0;
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
            assertEquals(
                    java.util.Set.of(ClassifierOnnxGraph.INPUT_IDS, ClassifierOnnxGraph.ATTENTION_MASK),
                    session.getInputNames());
            for (JsonObject c : GoldenCases.cases(TestModels.tinyRoberta())) {
                try (OnnxTensor ids = OnnxTensor.createTensor(env, longs(c.getAsJsonArray("input_ids")));
                        OnnxTensor mask = OnnxTensor.createTensor(env, longs(c.getAsJsonArray("attention_mask")));
                        // One token type: the graph takes no token_type_ids, as Hugging Face's exporters do.
                        OrtSession.Result result = session.run(Map.of(
                                ClassifierOnnxGraph.INPUT_IDS, ids,
                                ClassifierOnnxGraph.ATTENTION_MASK, mask))) {
                    float[][] logits = (float[][])
                            result.get(ClassifierOnnxGraph.LOGITS).orElseThrow().getValue();
                    float[] flat = new float[logits.length * logits[0].length];
                    for (int row = 0; row < logits.length; row++) {
                        System.arraycopy(logits[row], 0, flat, row * logits[row].length, logits[row].length);
                    }
                    double error = maxDifference(flat, flatten(c.get("logits")));
                    System.out.printf(
                            "tiny-roberta ONNX Runtime, case %s: logits max |diff| %.3g%n",
                            c.get("name").getAsString(), error);
                    assertTrue(error < 1e-4, "logits differ by " + error);
                    cases++;
                }
            }
        }
        assertTrue(cases > 0, "golden.json has no cases");
    }
}
