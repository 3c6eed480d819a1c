package dev.stellar.finetune.model.modernbert;

import static dev.stellar.finetune.testing.GoldenCases.flatten;
import static dev.stellar.finetune.testing.GoldenCases.longs;
import static dev.stellar.finetune.testing.GoldenCases.maxDifference;
import static dev.stellar.finetune.testing.GoldenCases.maxDifferenceOnRealTokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.Checkpoint;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelWriter;
import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.testing.GoldenCases;
import dev.stellar.finetune.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java ModernBERT against golden outputs that an independent float64 transcription of transformers'
 * ModernBertModel computed for the tiny checkpoint (src/test/resources/tiny-modernbert): layer 0 global,
 * layers 1 and 2 local with a window the golden inputs exceed. Only real tokens are compared: the reference's
 * padded rows follow one attention path of several.
 */
class ModernBertGoldenTest {

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    @ParameterizedTest(name = "{0} kernel")
    @MethodSource("dev.stellar.finetune.testing.GoldenCases#kernels")
    void lastHiddenStateMatchesTheReferenceOnRealTokens(String name, KernelKind kernel, double tolerance)
            throws Exception {
        int cases = 0;
        try (ClassifierModel model = classifier(kernel, Pooling.MEAN);
                NDManager step = model.manager().newSubManager()) {
            for (JsonObject c : GoldenCases.cases(TestModels.tinyModernBert())) {
                NDList inputs = GoldenCases.inputs(step, c);
                NDArray hidden = model.network()
                        .encoder()
                        .forward(model.parameterStore(), inputs, false)
                        .singletonOrThrow();
                double error = maxDifferenceOnRealTokens(
                        hidden.toFloatArray(),
                        flatten(c.get("last_hidden_state")),
                        longs(c.getAsJsonArray("attention_mask")));
                System.out.printf(
                        "tiny-modernbert %s kernel, case %s: last_hidden_state (real tokens) max |diff| %.3g%n",
                        name, c.get("name").getAsString(), error);
                assertTrue(error < tolerance, "last_hidden_state differs by " + error);
                cases++;
            }
        }
        assertTrue(cases > 0, "golden.json has no cases");
    }

    /**
     * With classifierHiddenSizes=none the head is ModernBertPredictionHead (loaded) + classifier: with the
     * fixture's own classifier weights the logits are ModernBertForSequenceClassification's, for mean pooling (the config's) and cls.
     */
    @ParameterizedTest(name = "{0} kernel")
    @MethodSource("dev.stellar.finetune.testing.GoldenCases#kernels")
    void logitsMatchModernBertForSequenceClassification(String name, KernelKind kernel, double tolerance)
            throws Exception {
        assertLogits(name, kernel, tolerance, Pooling.MEAN, "logits");
        assertLogits(name, kernel, tolerance, Pooling.CLS, "logits_cls_pooling");
    }

    private static void assertLogits(String name, KernelKind kernel, double tolerance, Pooling pooling, String key)
            throws Exception {
        int cases = 0;
        try (ClassifierModel model = classifier(kernel, pooling);
                Checkpoint checkpoint = Checkpoint.open(preview());
                NDManager step = model.manager().newSubManager()) {
            assertEquals(HEAD, model.initialised());
            for (String head : model.initialised()) {
                model.network().namedParameters().get(head).getArray().set(checkpoint.floats(head));
            }
            for (JsonObject c : GoldenCases.cases(TestModels.tinyModernBert())) {
                NDArray logits = model.network()
                        .forward(model.parameterStore(), GoldenCases.inputs(step, c), false)
                        .singletonOrThrow();
                double error = maxDifference(logits.toFloatArray(), flatten(c.get(key)));
                System.out.printf(
                        "tiny-modernbert %s kernel, %s pooling, case %s: logits max |diff| %.3g%n",
                        name, pooling.id(), c.get("name").getAsString(), error);
                assertTrue(error < tolerance, pooling.id() + " logits differ by " + error);
                cases++;
            }
        }
        assertTrue(cases > 0, "golden.json has no cases");
    }

    /** The classifier's parameters are exactly ModernBertForSequenceClassification's state dict, names and shapes. */
    @Test
    void parametersAreModernBertForSequenceClassificationsStateDict() {
        try (ClassifierModel model = classifier(KernelKind.FP32, Pooling.MEAN);
                Checkpoint checkpoint = Checkpoint.open(preview())) {
            Map<String, List<Long>> actual = new TreeMap<>();
            model.network().parameterShapes().forEach((n, shape) -> actual.put(n, longList(shape.getShape())));
            assertEquals(shapes(checkpoint), actual);
            assertEquals(
                    "Linear(32,32)-GELU-LayerNorm(32)-Dropout(0.1)-Linear(32,3)",
                    model.network().classifier().describe());
        }
    }

    /**
     * Saved with classifierHiddenSizes=none and the config's mean pooling, the model is
     * ModernBertForSequenceClassification: config.json says so and model.safetensors holds exactly the fixture's
     * tensor names and shapes.
     */
    @Test
    void aSavedModelIsModernBertForSequenceClassification(@TempDir Path target) throws Exception {
        JsonObject config = savedConfig(target, Pooling.MEAN);
        assertEquals("mean", config.get("classifier_pooling").getAsString());
        assertEquals("[\"ModernBertForSequenceClassification\"]", String.valueOf(config.get("architectures")));
        try (Checkpoint saved = Checkpoint.open(ModelDirectory.open(target.resolve("model"), "saved", true));
                Checkpoint fixture = Checkpoint.open(preview())) {
            assertEquals(shapes(fixture), shapes(saved));
        }
    }

    /**
     * Its own head pools per classifier_pooling: a model trained with cls pooling on a mean-pooling checkpoint
     * says cls in its config.json, so ModernBertForSequenceClassification computes what was trained.
     */
    @Test
    void aClsPooledModelRecordsItsPooling(@TempDir Path target) throws Exception {
        JsonObject config = savedConfig(target, Pooling.CLS);
        assertEquals("cls", config.get("classifier_pooling").getAsString());
        assertEquals("[\"ModernBertForSequenceClassification\"]", String.valueOf(config.get("architectures")));
    }

    private static JsonObject savedConfig(Path target, Pooling pooling) throws Exception {
        try (ClassifierModel model = classifier(KernelKind.FP32, pooling)) {
            ModelWriter.write(model, target.resolve("model"), TestModels.tinyModernBert(), 64, Map.of(), Map.of(), "");
        }
        return JsonParser.parseString(Files.readString(target.resolve("model/config.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    private static Map<String, List<Long>> shapes(Checkpoint checkpoint) {
        Map<String, List<Long>> shapes = new TreeMap<>();
        checkpoint
                .names()
                .forEach(n -> shapes.put(n, longList(checkpoint.info(n).shape())));
        return shapes;
    }

    private static List<Long> longList(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    /**
     * The classifier, which the model initialises (the labels are new); ModernBertPredictionHead comes from the
     * checkpoint, as transformers' from_pretrained takes it from answerdotai/ModernBERT-*'s masked-LM head.
     */
    static final List<String> HEAD = List.of("classifier.weight", "classifier.bias");

    /** tiny-modernbert with classifierHiddenSizes=none, {@code pooling} and the fixture's three labels. */
    static ClassifierModel classifier(KernelKind kernel, Pooling pooling) {
        return ClassifierModel.fromPretrained(
                preview(),
                new HeadSettings(List.of(), 0.1, pooling),
                List.of("LABEL_0", "LABEL_1", "LABEL_2"),
                1,
                kernel,
                new RecordingLog());
    }

    static ModelDirectory preview() {
        return ModelDirectory.open(TestModels.tinyModernBert(), "tiny-modernbert", true);
    }
}
