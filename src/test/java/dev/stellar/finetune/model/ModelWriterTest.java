package dev.stellar.finetune.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.io.SafetensorsFile;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelWriterTest {

    @TempDir
    Path temp;

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    @ParameterizedTest(name = "classifierHiddenSizes {0}")
    @ValueSource(strings = {"", "16"})
    void aSavedModelLoadsBackUnderHuggingFaceNamesWithTheSameOutputs(String hidden) throws Exception {
        List<Integer> sizes = hidden.isEmpty() ? List.of() : List.of(Integer.parseInt(hidden));
        HeadSettings head = new HeadSettings(sizes, 0.1, Pooling.MEAN);
        ModelDirectory pretrained = ModelSources.standard(TestModels.tinyBert()).resolve(".", new RecordingLog());
        Path out = temp.resolve("model");
        int[][] ids = {{101, 7592, 2088, 102}, {101, 1045, 102}};
        int[][] types = {{0, 0, 0, 0}, {0, 0, 0}};
        float[] before;
        try (ClassifierModel model =
                        ClassifierModel.fromPretrained(pretrained, head, List.of("neg", "pos"), 3, new RecordingLog());
                NDManager step = model.manager().newSubManager()) {
            before = logits(model, step, ids, types);
            ModelWriter.write(
                    model, out, TestModels.tinyBert(), 64, Map.of("note", "test"), Map.of("epochs", 0), "epoch,best\n");
        }
        JsonObject config = JsonParser.parseString(Files.readString(out.resolve("config.json")))
                .getAsJsonObject();
        assertFalse(config.has("architectures"), "mean pooling fits no transformers class: " + config);
        assertEquals("single_label_classification", config.get("problem_type").getAsString());
        assertEquals("pos", config.getAsJsonObject("id2label").get("1").getAsString());
        assertEquals(0, config.getAsJsonObject("label2id").get("neg").getAsInt());
        assertTrue(Files.isRegularFile(out.resolve("tokenizer.json")));
        assertEquals(
                64,
                JsonParser.parseString(Files.readString(out.resolve("tokenizer_config.json")))
                        .getAsJsonObject()
                        .get("model_max_length")
                        .getAsInt(),
                "the trained maxLength");
        assertTrue(Files.isRegularFile(out.resolve("special_tokens_map.json")));
        assertTrue(Files.isRegularFile(out.resolve("training.json")));
        assertEquals("epoch,best\n", Files.readString(out.resolve("metrics.csv")));
        try (SafetensorsFile weights = SafetensorsFile.open(out.resolve("model.safetensors"))) {
            assertTrue(weights.tensors().containsKey("bert.encoder.layer.0.attention.self.query.weight"));
            assertTrue(weights.tensors().containsKey(sizes.isEmpty() ? "classifier.weight" : "classifier.3.weight"));
        }
        try (ClassifierModel loaded = ClassifierModel.loadFineTuned(out, "model");
                NDManager step = loaded.manager().newSubManager()) {
            assertEquals(List.of("neg", "pos"), loaded.labels());
            assertEquals(Pooling.MEAN, loaded.head().pooling());
            assertArrayEquals(before, logits(loaded, step, ids, types), 1e-6f);
        }
    }

    /**
     * config.json claims BertForSequenceClassification exactly when that class would compute what was trained:
     * its tensors (the pooler, one Linear named classifier, nothing else in the head) AND its pooling (the
     * pooler's output). cls or mean pooling over the same tensors is another network, so no claim; the
     * pretrained "BertModel" is dropped as well.
     */
    @ParameterizedTest(name = "classifierHiddenSizes [{0}], pooling {1}")
    @CsvSource({"'', POOLER", "'', CLS", "'', MEAN", "16, POOLER", "16, MEAN"})
    void architecturesNamesBertForSequenceClassificationOnlyWhenThatClassComputesTheTrainedModel(
            String hidden, Pooling pooling) throws Exception {
        List<Integer> sizes = hidden.isEmpty() ? List.of() : List.of(Integer.parseInt(hidden));
        ModelDirectory pretrained = ModelSources.standard(TestModels.tinyBert()).resolve(".", new RecordingLog());
        Path out = temp.resolve("model");
        try (ClassifierModel model = ClassifierModel.fromPretrained(
                pretrained, new HeadSettings(sizes, 0.1, pooling), List.of("neg", "pos"), 3, new RecordingLog())) {
            ModelWriter.write(model, out, TestModels.tinyBert(), 64, Map.of(), Map.of(), "");
        }
        boolean classTensors;
        try (SafetensorsFile weights = SafetensorsFile.open(out.resolve("model.safetensors"))) {
            List<String> head = weights.tensors().keySet().stream()
                    .filter(n -> !n.startsWith("bert."))
                    .sorted()
                    .toList();
            classTensors = weights.tensors().containsKey("bert.pooler.dense.weight")
                    && head.equals(List.of("classifier.bias", "classifier.weight"));
        }
        assertEquals(hidden.isEmpty(), classTensors, "the tiny checkpoint has a pooler; only a hidden layer renames");
        JsonObject config = JsonParser.parseString(Files.readString(out.resolve("config.json")))
                .getAsJsonObject();
        if (classTensors && pooling == Pooling.POOLER) {
            assertEquals("[\"BertForSequenceClassification\"]", String.valueOf(config.get("architectures")));
        } else {
            assertFalse(config.has("architectures"), config.toString());
        }
        assertEquals("single_label_classification", config.get("problem_type").getAsString());
    }

    private static float[] logits(ClassifierModel model, NDManager step, int[][] ids, int[][] types) {
        NDList inputs = ModelInputs.of(step, ids, types);
        return model.network()
                .forward(model.parameterStore(), inputs, false)
                .singletonOrThrow()
                .toFloatArray();
    }
}
