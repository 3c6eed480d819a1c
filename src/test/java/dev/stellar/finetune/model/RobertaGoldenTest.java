package dev.stellar.finetune.model;

import static dev.stellar.finetune.testing.GoldenCases.flatten;
import static dev.stellar.finetune.testing.GoldenCases.maxDifference;
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
import dev.stellar.finetune.model.arch.Architecture;
import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.testing.GoldenCases;
import dev.stellar.finetune.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    void lastHiddenStateMatchesTheReference(String name, KernelKind kernel, double tolerance) throws Exception {
        int cases = 0;
        try (ClassifierModel model = classifier(kernel);
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

    /**
     * With classifierHiddenSizes=none the head is RobertaClassificationHead (dense, tanh, out_proj on
     * {@code <s>}): with the fixture's own head weights the logits are RobertaForSequenceClassification's.
     */
    @ParameterizedTest(name = "{0} kernel")
    @MethodSource("dev.stellar.finetune.testing.GoldenCases#kernels")
    void logitsMatchRobertaForSequenceClassification(String name, KernelKind kernel, double tolerance)
            throws Exception {
        int cases = 0;
        try (ClassifierModel model = classifier(kernel);
                Checkpoint checkpoint = Checkpoint.open(preview());
                NDManager step = model.manager().newSubManager()) {
            assertEquals(HEAD, model.initialised());
            for (String head : model.initialised()) {
                model.network().namedParameters().get(head).getArray().set(checkpoint.floats(head));
            }
            for (JsonObject c : GoldenCases.cases(TestModels.tinyRoberta())) {
                NDArray logits = model.network()
                        .forward(model.parameterStore(), GoldenCases.inputs(step, c), false)
                        .singletonOrThrow();
                double error = maxDifference(logits.toFloatArray(), flatten(c.get("logits")));
                System.out.printf(
                        "tiny-roberta %s kernel, case %s: logits max |diff| %.3g%n",
                        name, c.get("name").getAsString(), error);
                assertTrue(error < tolerance, "logits differ by " + error);
                cases++;
            }
        }
        assertTrue(cases > 0, "golden.json has no cases");
    }

    @Test
    void parametersCarryTransformersRobertaNames() {
        try (ClassifierModel model = classifier(KernelKind.FP32)) {
            var names = model.network().namedParameters().keySet();
            assertTrue(names.contains("roberta.embeddings.position_embeddings.weight"));
            assertTrue(names.contains("roberta.encoder.layer.1.attention.self.query.weight"));
            assertTrue(names.stream().noneMatch(n -> n.contains("pooler")), "RoBERTa's classifier has no pooler");
            assertEquals(HEAD, model.initialised());
            assertEquals(
                    "Dropout(0.1)-Linear(32,32)-Tanh-Dropout(0.1)-Linear(32,3)",
                    model.network().classifier().describe());
        }
    }

    /** The classifier's parameters are exactly RobertaForSequenceClassification's state dict, names and shapes. */
    @Test
    void parametersAreRobertaForSequenceClassificationsStateDict() {
        try (ClassifierModel model = classifier(KernelKind.FP32);
                Checkpoint checkpoint = Checkpoint.open(preview())) {
            Map<String, List<Long>> expected = new TreeMap<>();
            checkpoint
                    .names()
                    .forEach(n -> expected.put(n, longList(checkpoint.info(n).shape())));
            Map<String, List<Long>> actual = new TreeMap<>();
            model.network().parameterShapes().forEach((n, shape) -> actual.put(n, longList(shape.getShape())));
            assertEquals(expected, actual);
        }
    }

    private static List<Long> longList(long[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    /**
     * Saved with classifierHiddenSizes=none and cls pooling, the model is RobertaForSequenceClassification:
     * config.json says so and model.safetensors holds exactly the fixture's tensor names and shapes.
     */
    @Test
    void aSavedModelIsRobertaForSequenceClassification(@TempDir Path target) throws Exception {
        try (ClassifierModel model = classifier(KernelKind.FP32)) {
            ModelWriter.write(model, target.resolve("model"), TestModels.tinyRoberta(), 64, Map.of(), Map.of(), "");
        }
        JsonObject config = JsonParser.parseString(
                        Files.readString(target.resolve("model/config.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
        assertEquals("[\"RobertaForSequenceClassification\"]", String.valueOf(config.get("architectures")));
        try (Checkpoint saved = Checkpoint.open(ModelDirectory.open(target.resolve("model"), "saved", true));
                Checkpoint fixture = Checkpoint.open(preview())) {
            assertEquals(shapes(fixture), shapes(saved));
        }
    }

    @Test
    void theLongestRowIsThePositionTableLessThePaddingOffset() {
        EncoderConfig config = preview().config();
        assertEquals(66, config.maxPositions());
        assertEquals(64, config.architecture().maxTokens(config));
    }

    private static Map<String, List<Long>> shapes(Checkpoint checkpoint) {
        Map<String, List<Long>> shapes = new TreeMap<>();
        checkpoint
                .names()
                .forEach(n -> shapes.put(n, longList(checkpoint.info(n).shape())));
        return shapes;
    }

    /** transformers' XLMRoberta classes are Roberta's under other names: one family, one prefix. */
    @Test
    void xlmRobertaIsTheRobertaFamily() {
        assertEquals(Architecture.ROBERTA, Architecture.of("xlm-roberta").orElseThrow());
        assertEquals(Architecture.ROBERTA, Architecture.of("roberta").orElseThrow());
        assertEquals(java.util.Optional.empty(), Architecture.of("gpt2"));
    }

    @Test
    void usersSelectRobertaAndXlmRoberta() {
        assertEquals(
                Architecture.ROBERTA,
                ModelDirectory.open(TestModels.tinyRoberta(), "tiny-roberta")
                        .config()
                        .architecture());
        assertTrue(Architecture.selectableModelTypes().containsAll(List.of("bert", "roberta", "xlm-roberta")));
    }

    /** RobertaClassificationHead's parameters, which the model initialises (the labels are new). */
    private static final List<String> HEAD = List.of(
            "classifier.dense.weight",
            "classifier.dense.bias",
            "classifier.out_proj.weight",
            "classifier.out_proj.bias");

    /** tiny-roberta with classifierHiddenSizes=none, cls pooling and the fixture's three labels. */
    private static ClassifierModel classifier(KernelKind kernel) {
        return ClassifierModel.fromPretrained(
                preview(),
                new HeadSettings(List.of(), 0.1, Pooling.CLS),
                List.of("LABEL_0", "LABEL_1", "LABEL_2"),
                1,
                kernel,
                new RecordingLog());
    }

    private static ModelDirectory preview() {
        return ModelDirectory.open(TestModels.tinyRoberta(), "tiny-roberta", true);
    }
}
