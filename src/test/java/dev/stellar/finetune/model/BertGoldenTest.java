package dev.stellar.finetune.model;

import static dev.stellar.finetune.testing.GoldenCases.flatten;
import static dev.stellar.finetune.testing.GoldenCases.maxDifference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.testing.GoldenCases;
import dev.stellar.finetune.testing.TestModels;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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

    @ParameterizedTest(name = "{0} kernel")
    @MethodSource("dev.stellar.finetune.testing.GoldenCases#kernels")
    void lastHiddenStateAndPoolerMatchTheReference(String name, KernelKind kernel, double tolerance) throws Exception {
        ModelDirectory directory = ModelSources.standard(TestModels.tinyBert()).resolve(".", new RecordingLog());
        HeadSettings head = new HeadSettings(List.of(), 0.1, Pooling.POOLER);
        int cases = 0;
        try (ClassifierModel model = ClassifierModel.fromPretrained(
                        directory, head, List.of("a", "b"), 1, kernel, new RecordingLog());
                NDManager step = model.manager().newSubManager()) {
            for (JsonObject c : GoldenCases.cases(TestModels.tinyBert())) {
                NDList inputs = GoldenCases.inputs(step, c);
                var store = model.parameterStore();
                NDArray hidden =
                        model.network().encoder().forward(store, inputs, false).singletonOrThrow();
                NDArray pooled = model.network().encoder().pool(store, hidden, false);
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
}
