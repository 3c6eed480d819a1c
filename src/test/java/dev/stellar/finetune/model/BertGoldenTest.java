package dev.stellar.finetune.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.bert.Kernels;
import dev.stellar.finetune.model.bert.LayerKernel;
import dev.stellar.finetune.testing.TestModels;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java encoder against golden outputs that an independent float64 numpy implementation of Hugging
 * Face's BertModel computed for the tiny checkpoint (shared/fixtures/tiny-bert/golden.json).
 */
class BertGoldenTest {

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    static Stream<Arguments> kernels() {
        return Stream.of(
                Arguments.of("eager", Kernels.eager(), 1e-4),
                Arguments.of("fp32", Kernels.fp32(), 1e-4),
                // bf16 products round to 8 significant bits: the reference holds only roughly.
                Arguments.of("bf16", Kernels.bf16(), 0.1));
    }

    @ParameterizedTest(name = "{0} kernel")
    @MethodSource("kernels")
    void lastHiddenStateAndPoolerMatchTheReference(String name, LayerKernel kernel, double tolerance) throws Exception {
        JsonObject golden = JsonParser.parseString(
                        Files.readString(TestModels.tinyBert().resolve("golden.json")))
                .getAsJsonObject();
        ModelDirectory directory = ModelSources.standard(TestModels.tinyBert()).resolve(".", new RecordingLog());
        HeadSettings head = new HeadSettings(List.of(), 0.1, Pooling.POOLER);
        int cases = 0;
        try (ClassifierModel model = ClassifierModel.fromPretrained(
                        directory, head, List.of("a", "b"), 1, kernel, new RecordingLog());
                NDManager step = model.manager().newSubManager()) {
            for (JsonElement element : golden.getAsJsonArray("cases")) {
                JsonObject c = element.getAsJsonObject();
                NDList inputs = ModelInputs.of(
                        step,
                        longs(c.getAsJsonArray("input_ids")),
                        longs(c.getAsJsonArray("token_type_ids")),
                        longs(c.getAsJsonArray("attention_mask")));
                var store = model.parameterStore();
                NDArray hidden =
                        model.network().bert().forward(store, inputs, false).singletonOrThrow();
                NDArray pooled = model.network().bert().pool(store, hidden, false);
                double hiddenError = maxDifference(hidden.toFloatArray(), flatten(c.get("last_hidden_state")));
                double pooledError = maxDifference(pooled.toFloatArray(), flatten(c.get("pooler_output")));
                assertTrue(hiddenError < tolerance, "last_hidden_state differs by " + hiddenError);
                assertTrue(pooledError < tolerance, "pooler_output differs by " + pooledError);
                cases++;
            }
        }
        assertTrue(cases > 0, "golden.json has no cases");
    }

    @Test
    void parametersCarryHuggingFaceNames() {
        ModelDirectory directory = ModelSources.standard(TestModels.tinyBert()).resolve(".", new RecordingLog());
        try (ClassifierModel model = ClassifierModel.fromPretrained(
                directory,
                new HeadSettings(List.of(256), 0.1, Pooling.POOLER),
                List.of("a", "b"),
                1,
                new RecordingLog())) {
            var names = model.network().namedParameters().keySet();
            assertTrue(names.contains("bert.embeddings.word_embeddings.weight"));
            assertTrue(names.contains("bert.encoder.layer.1.attention.self.query.weight"));
            assertTrue(names.contains("bert.encoder.layer.1.output.LayerNorm.bias"));
            assertTrue(names.contains("bert.pooler.dense.weight"));
            assertTrue(names.contains("classifier.0.weight"));
            assertTrue(names.contains("classifier.3.bias"));
            assertEquals(
                    List.of("classifier.0.weight", "classifier.0.bias", "classifier.3.weight", "classifier.3.bias"),
                    model.initialised());
        }
    }

    private static long[][] longs(JsonArray rows) {
        long[][] out = new long[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonArray row = rows.get(i).getAsJsonArray();
            out[i] = new long[row.size()];
            for (int j = 0; j < row.size(); j++) {
                out[i][j] = row.get(j).getAsLong();
            }
        }
        return out;
    }

    private static double[] flatten(JsonElement nested) {
        List<Double> values = new java.util.ArrayList<>();
        collect(nested, values);
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void collect(JsonElement e, List<Double> into) {
        if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> collect(x, into));
        } else {
            into.add(e.getAsDouble());
        }
    }

    private static double maxDifference(float[] actual, double[] expected) {
        assertEquals(expected.length, actual.length, "element count");
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            max = Math.max(max, Math.abs(actual[i] - expected[i]));
        }
        return max;
    }
}
