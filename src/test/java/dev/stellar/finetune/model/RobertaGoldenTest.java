package dev.stellar.finetune.model;

import static dev.stellar.finetune.testing.GoldenCases.flatten;
import static dev.stellar.finetune.testing.GoldenCases.maxDifference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.arch.Architecture;
import dev.stellar.finetune.model.bert.LayerKernel;
import dev.stellar.finetune.testing.GoldenCases;
import dev.stellar.finetune.testing.TestModels;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java RoBERTa encoder against golden outputs that an independent float64 transcription of
 * transformers' RobertaModel computed for the tiny checkpoint (src/test/resources/tiny-roberta). Padded rows
 * are compared too: their positions (pad_token_id) and the random padding rows of the tables are in the golden.
 */
class RobertaGoldenTest {

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    @ParameterizedTest(name = "{0} kernel")
    @MethodSource("dev.stellar.finetune.testing.GoldenCases#kernels")
    void lastHiddenStateMatchesTheReference(String name, LayerKernel kernel, double tolerance) throws Exception {
        int cases = 0;
        try (ClassifierModel model = ClassifierModel.fromPretrained(
                        preview(),
                        new HeadSettings(List.of(), 0.1, Pooling.CLS),
                        List.of("a", "b"),
                        1,
                        kernel,
                        new RecordingLog());
                NDManager step = model.manager().newSubManager()) {
            for (JsonObject c : GoldenCases.cases(TestModels.tinyRoberta())) {
                NDList inputs = GoldenCases.inputs(step, c);
                NDArray hidden = model.network()
                        .encoder()
                        .forward(model.parameterStore(), inputs, false)
                        .singletonOrThrow();
                double error = maxDifference(hidden.toFloatArray(), flatten(c.get("last_hidden_state")));
                System.out.printf(
                        "tiny-roberta %s kernel, case %s: last_hidden_state max |diff| %.3g%n",
                        name, c.get("name").getAsString(), error);
                assertTrue(error < tolerance, "last_hidden_state differs by " + error);
                cases++;
            }
        }
        assertTrue(cases > 0, "golden.json has no cases");
    }

    @Test
    void parametersCarryTransformersRobertaNames() {
        try (ClassifierModel model = ClassifierModel.fromPretrained(
                preview(), new HeadSettings(List.of(), 0.1, Pooling.CLS), List.of("a", "b"), 1, new RecordingLog())) {
            var names = model.network().namedParameters().keySet();
            assertTrue(names.contains("roberta.embeddings.position_embeddings.weight"));
            assertTrue(names.contains("roberta.encoder.layer.1.attention.self.query.weight"));
            assertTrue(names.stream().noneMatch(n -> n.contains("pooler")), "RoBERTa's classifier has no pooler");
            assertEquals(List.of("classifier.weight", "classifier.bias"), model.initialised());
        }
    }

    @Test
    void usersCannotSelectRobertaYet() {
        var e = assertThrows(
                ConfigurationException.class, () -> ModelDirectory.open(TestModels.tinyRoberta(), "tiny-roberta"));
        assertTrue(e.getMessage().contains("model_type \"roberta\""), e.getMessage());
        assertTrue(e.getMessage().contains("\"bert\"") || e.getMessage().contains("bert"), e.getMessage());
        assertEquals(List.of("bert"), Architecture.selectableModelTypes());
    }

    private static ModelDirectory preview() {
        return ModelDirectory.open(TestModels.tinyRoberta(), "tiny-roberta", true);
    }
}
