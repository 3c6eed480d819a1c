package dev.stellar.finetune.model;

import static dev.stellar.finetune.testing.GoldenCases.flatten;
import static dev.stellar.finetune.testing.GoldenCases.longs;
import static dev.stellar.finetune.testing.GoldenCases.maxDifference;
import static dev.stellar.finetune.testing.GoldenCases.maxDifferenceOnRealRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.arch.Architecture;
import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.model.deberta.DebertaOptions;
import dev.stellar.finetune.model.deberta.RelativePositions;
import dev.stellar.finetune.testing.GoldenCases;
import dev.stellar.finetune.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java DeBERTa-v2 encoder (configured as DeBERTa-v3) against golden outputs that an independent float64
 * transcription of transformers' DebertaV2Model computed for the tiny checkpoint
 * (src/test/resources/tiny-deberta-v2). Hidden states are compared on real rows only: what a padded query
 * attends to differs between transformers releases (the fixture's README).
 */
class DebertaGoldenTest {

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    @ParameterizedTest(name = "{0} kernel")
    @MethodSource("dev.stellar.finetune.testing.GoldenCases#kernels")
    void lastHiddenStateMatchesTheReferenceOnRealRows(String name, KernelKind kernel, double tolerance)
            throws Exception {
        try (ClassifierModel model = classifier(kernel)) {
            double error = worstCase(model, name + " kernel, last_hidden_state (real rows)", (inputs, c) -> {
                NDArray hidden = model.network()
                        .encoder()
                        .forward(model.parameterStore(), inputs, false)
                        .singletonOrThrow();
                return maxDifferenceOnRealRows(
                        hidden.toFloatArray(),
                        flatten(c.get("last_hidden_state")),
                        longs(c.getAsJsonArray("attention_mask")));
            });
            assertTrue(error < tolerance, "last_hidden_state differs by " + error);
        }
    }

    /**
     * With classifierHiddenSizes=none the head is DebertaV2ForSequenceClassification's (ContextPooler's
     * pooler.dense and GELU on the first token, then classifier): with the fixture's head weights the logits
     * are that class's.
     */
    @ParameterizedTest(name = "{0} kernel")
    @MethodSource("dev.stellar.finetune.testing.GoldenCases#kernels")
    void logitsMatchDebertaV2ForSequenceClassification(String name, KernelKind kernel, double tolerance)
            throws Exception {
        try (ClassifierModel model = withFixtureHead(kernel)) {
            double error = worstCase(model, name + " kernel, logits", (inputs, c) -> {
                NDArray logits = model.network()
                        .forward(model.parameterStore(), inputs, false)
                        .singletonOrThrow();
                return maxDifference(logits.toFloatArray(), flatten(c.get("logits")));
            });
            assertTrue(error < tolerance, "logits differ by " + error);
        }
    }

    /** The largest error {@code error} finds over the golden cases, each printed. */
    private static double worstCase(ClassifierModel model, String what, BiFunction<NDList, JsonObject, Double> error)
            throws Exception {
        double worst = 0;
        List<JsonObject> cases = GoldenCases.cases(TestModels.tinyDebertaV2());
        assertTrue(!cases.isEmpty(), "golden.json has no cases");
        try (NDManager step = model.manager().newSubManager()) {
            for (JsonObject c : cases) {
                double e = error.apply(GoldenCases.inputs(step, c), c);
                System.out.printf(
                        "tiny-deberta-v2 %s, case %s: max |diff| %.3g%n",
                        what, c.get("name").getAsString(), e);
                worst = Math.max(worst, e);
            }
        }
        return worst;
    }

    /** The buckets of make_log_bucket_position are those the reference used for each case's length. */
    @Test
    void relativePositionsAreTheReferencesLogBuckets() throws Exception {
        RelativePositions positions =
                new RelativePositions(DebertaOptions.of(preview().config()));
        for (JsonObject c : GoldenCases.cases(TestModels.tinyDebertaV2())) {
            long[][] expected = longs(c.getAsJsonArray("relative_positions"));
            for (int i = 0; i < expected.length; i++) {
                for (int j = 0; j < expected.length; j++) {
                    assertEquals(expected[i][j], positions.bucket(i - j), "bucket of " + i + " - " + j);
                }
            }
        }
        // |r| <= 4 -> r; 5..10 -> 5; 11..25 -> 6; 26..63 -> 7; 64 -> 8 (the README's table), then the table's edge.
        assertEquals(
                List.of(4L, 5L, 5L, 6L, 6L, 7L, 7L, 8L, -8L),
                List.of(
                        positions.bucket(4),
                        positions.bucket(5),
                        positions.bucket(10),
                        positions.bucket(11),
                        positions.bucket(25),
                        positions.bucket(26),
                        positions.bucket(63),
                        positions.bucket(64),
                        positions.bucket(-64)));
        assertEquals(15, positions.row(1000));
        assertEquals(0, positions.row(-1000));
    }

    @Test
    void parametersAreDebertaV2ForSequenceClassificationsStateDict() {
        try (ClassifierModel model = classifier(KernelKind.FP32);
                Checkpoint checkpoint = Checkpoint.open(preview())) {
            Map<String, List<Long>> actual = new TreeMap<>();
            model.network().parameterShapes().forEach((n, shape) -> actual.put(n, longList(shape.getShape())));
            assertEquals(shapes(checkpoint), actual);
            assertEquals(HEAD, model.initialised());
            assertEquals(
                    "Linear(32,32)-GELU-Dropout(0.1)-Linear(32,3)",
                    model.network().classifier().describe());
        }
    }

    /**
     * Saved with classifierHiddenSizes=none and cls pooling, the model is DebertaV2ForSequenceClassification:
     * config.json says so and model.safetensors holds exactly the fixture's tensor names and shapes.
     */
    @Test
    void aSavedModelIsDebertaV2ForSequenceClassification(@TempDir Path target) throws Exception {
        try (ClassifierModel model = classifier(KernelKind.FP32)) {
            ModelWriter.write(model, target.resolve("model"), TestModels.tinyDebertaV2(), 64, Map.of(), Map.of(), "");
        }
        JsonObject config = JsonParser.parseString(
                        Files.readString(target.resolve("model/config.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
        assertEquals("[\"DebertaV2ForSequenceClassification\"]", String.valueOf(config.get("architectures")));
        try (Checkpoint saved = Checkpoint.open(ModelDirectory.open(target.resolve("model"), "saved", true));
                Checkpoint fixture = Checkpoint.open(preview())) {
            assertEquals(shapes(fixture), shapes(saved));
        }
    }

    /**
     * freezeLayerCount 1 freezes the embeddings, the relative position table every layer reads and layer 0;
     * layer 1 and the head (ContextPooler included) train.
     */
    @Test
    void freezingOneLayerFreezesTheEmbeddingsTheRelativeTableAndLayerZeroAsTheSummarySays() {
        try (ClassifierModel model = classifier(KernelKind.FP32)) {
            new FreezePlan(1, 2).apply(model);
            Map<String, Boolean> trains = new TreeMap<>();
            model.network().namedParameters().forEach((n, p) -> trains.put(n, p.requiresGradient()));
            trains.forEach((n, trained) -> {
                boolean frozen = n.startsWith("deberta.embeddings.")
                        || n.startsWith("deberta.encoder.rel_embeddings.")
                        || n.startsWith("deberta.encoder.LayerNorm.")
                        || n.startsWith("deberta.encoder.layer.0.");
                assertEquals(!frozen, trained, n);
            });
            assertEquals(42, trains.size());
            assertEquals(1, model.network().frozenLayers());
            assertEquals(
                    List.of(
                            "embeddings (DebertaEmbeddings) frozen",
                            "encoder (RelativeEmbeddings) frozen",
                            "encoder.layer.0 (DebertaLayer) frozen",
                            "encoder.layer.1 (DebertaLayer) trainable",
                            "classifier (Linear(32,32)-GELU-Dropout(0.1)-Linear(32,3)) trainable"),
                    ModelSummary.of(model).rows().stream()
                            .map(r -> r.name() + " (" + r.type() + ") " + r.status())
                            .toList());
        }
    }

    /**
     * Training backpropagates through the disentangled attention into the relative position table (shared by
     * every layer) the same way in every kernel: with dropout off (a copy of the fixture), the fp32 TorchScript
     * kernel's gradients equal the eager ops', and bf16's roughly.
     */
    @Test
    void everyKernelBackpropagatesIntoTheRelativeTable(@TempDir Path copy) throws Exception {
        for (String file : List.of("config.json", "model.safetensors", "tokenizer.json")) {
            Files.copy(TestModels.tinyDebertaV2().resolve(file), copy.resolve(file));
        }
        JsonObject config = JsonParser.parseString(Files.readString(copy.resolve("config.json")))
                .getAsJsonObject();
        config.addProperty("hidden_dropout_prob", 0);
        config.addProperty("attention_probs_dropout_prob", 0);
        Files.writeString(copy.resolve("config.json"), config.toString());
        ModelDirectory directory = ModelDirectory.open(copy, "tiny-deberta-v2 without dropout", true);
        float[] eager = gradients(directory, KernelKind.EAGER);
        float[] fp32 = gradients(directory, KernelKind.FP32);
        float[] bf16 = gradients(directory, KernelKind.BF16);
        double scale = 0;
        for (float g : eager) {
            scale = Math.max(scale, Math.abs(g));
        }
        assertTrue(scale > 1e-3, "the relative table gets no gradient: " + scale);
        double[] reference = new double[eager.length];
        java.util.Arrays.setAll(reference, i -> eager[i]);
        double fp32Error = maxDifference(fp32, reference);
        double bf16Error = maxDifference(bf16, reference);
        System.out.printf(
                "tiny-deberta-v2 rel_embeddings gradient: largest %.3g, fp32 vs eager %.3g, bf16 vs eager %.3g%n",
                scale, fp32Error, bf16Error);
        assertTrue(fp32Error < 1e-5 * Math.max(1, scale), "fp32 differs by " + fp32Error);
        assertTrue(bf16Error < 0.1 * scale, "bf16 differs by " + bf16Error);
    }

    /** The gradient of the logits' sum with respect to deberta.encoder.rel_embeddings.weight. */
    private static float[] gradients(ModelDirectory directory, KernelKind kernel) throws Exception {
        try (ClassifierModel model = ClassifierModel.fromPretrained(
                        directory,
                        new HeadSettings(List.of(), 0, Pooling.CLS),
                        List.of("LABEL_0", "LABEL_1", "LABEL_2"),
                        1,
                        kernel,
                        new RecordingLog());
                NDManager step = model.manager().newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            new FreezePlan(0, 2).apply(model);
            JsonObject c = GoldenCases.cases(TestModels.tinyDebertaV2()).get(0);
            NDArray logits = model.network()
                    .forward(model.parameterStore(), GoldenCases.inputs(step, c), true)
                    .singletonOrThrow();
            collector.backward(logits.sum());
            return model.network()
                    .namedParameters()
                    .get("deberta.encoder.rel_embeddings.weight")
                    .getArray()
                    .getGradient()
                    .toFloatArray();
        }
    }

    @Test
    void debertaV2IsSelectableWithFirstTokenPooling() {
        assertEquals(Architecture.DEBERTA_V2, Architecture.of("deberta-v2").orElseThrow());
        assertEquals(
                Architecture.DEBERTA_V2,
                ModelDirectory.open(TestModels.tinyDebertaV2(), "tiny-deberta-v2")
                        .config()
                        .architecture());
        assertEquals(
                Pooling.CLS,
                Architecture.DEBERTA_V2.ownPooling(preview().config().raw()));
    }

    private static List<Long> longList(long[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    private static Map<String, List<Long>> shapes(Checkpoint checkpoint) {
        Map<String, List<Long>> shapes = new TreeMap<>();
        checkpoint
                .names()
                .forEach(n -> shapes.put(n, longList(checkpoint.info(n).shape())));
        return shapes;
    }

    /** ContextPooler's and the classifier's parameters, which the model initialises (the labels are new). */
    private static final List<String> HEAD =
            List.of("pooler.dense.weight", "pooler.dense.bias", "classifier.weight", "classifier.bias");

    /** The classifier with the fixture's own head weights in place of the fresh ones. */
    private static ClassifierModel withFixtureHead(KernelKind kernel) {
        ClassifierModel model = classifier(kernel);
        try (Checkpoint checkpoint = Checkpoint.open(preview())) {
            for (String head : model.initialised()) {
                model.network().namedParameters().get(head).getArray().set(checkpoint.floats(head));
            }
        }
        return model;
    }

    /** tiny-deberta-v2 with classifierHiddenSizes=none, cls pooling and the fixture's three labels. */
    static ClassifierModel classifier(KernelKind kernel) {
        return ClassifierModel.fromPretrained(
                preview(),
                new HeadSettings(List.of(), 0.1, Pooling.CLS),
                List.of("LABEL_0", "LABEL_1", "LABEL_2"),
                1,
                kernel,
                new RecordingLog());
    }

    static ModelDirectory preview() {
        return ModelDirectory.open(TestModels.tinyDebertaV2(), "tiny-deberta-v2", true);
    }
}
