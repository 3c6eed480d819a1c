package dev.stellar.finetune.testing;

import static dev.stellar.finetune.testing.GoldenCases.flatten;
import static dev.stellar.finetune.testing.GoldenCases.maxDifference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.Checkpoint;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.FreezePlan;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelSummary;
import dev.stellar.finetune.model.ModelWriter;
import dev.stellar.finetune.model.arch.KernelKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A family's golden fixture (a tiny checkpoint with its *ForSequenceClassification head and float64
 * reference outputs) and the checks every family's golden test makes of it: last_hidden_state and logits
 * against the reference, and the saved model's state dict.
 *
 * @param name the fixture's folder in src/test/resources, e.g. {@code tiny-electra}
 */
public record GoldenFamily(String name) {

    /** The fixture's three labels, as its config.json names them. */
    public static final List<String> LABELS = List.of("LABEL_0", "LABEL_1", "LABEL_2");

    /** The family's own head (classifierHiddenSizes=none) on the first token. */
    public static final HeadSettings OWN_HEAD = new HeadSettings(List.of(), 0.1, Pooling.CLS);

    public Path path() {
        return TestModels.resource(name);
    }

    /** The fixture opened with the preview switch (its family is not yet selectable by users). */
    public ModelDirectory directory() {
        return ModelDirectory.open(path(), name, true);
    }

    public List<JsonObject> cases() throws Exception {
        return GoldenCases.cases(path());
    }

    /** The fixture's config.json with one key set to {@code value}, read as the plugin reads it (preview on). */
    public EncoderConfig configWith(String key, JsonElement value) throws IOException {
        Path file = path().resolve("config.json");
        JsonObject json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                .getAsJsonObject();
        json.add(key, value);
        return EncoderConfig.parse(json, file, name, true);
    }

    /** The fixture as a classifier with its family's own head, freshly initialised, and this kernel. */
    public ClassifierModel classifier(KernelKind kernel) {
        return ClassifierModel.fromPretrained(directory(), OWN_HEAD, LABELS, 1, kernel, new RecordingLog());
    }

    /** As {@link #classifier}, with the fixture's own head weights: the reference *ForSequenceClassification. */
    public ClassifierModel referenceClassifier(KernelKind kernel) {
        ClassifierModel model = classifier(kernel);
        try (Checkpoint checkpoint = Checkpoint.open(directory())) {
            for (String head : model.initialised()) {
                model.network().namedParameters().get(head).getArray().set(checkpoint.floats(head));
            }
        }
        return model;
    }

    /** The largest difference of the encoder's last_hidden_state from the golden, over every case. */
    public double lastHiddenStateError(KernelKind kernel) throws Exception {
        double worst = 0;
        try (ClassifierModel model = classifier(kernel);
                NDManager step = model.manager().newSubManager()) {
            for (JsonObject c : nonEmpty(cases())) {
                NDArray hidden = model.network()
                        .encoder()
                        .forward(model.parameterStore(), GoldenCases.inputs(step, c), false)
                        .singletonOrThrow();
                worst = Math.max(
                        worst,
                        report(c, kernel + " last_hidden_state", hidden.toFloatArray(), c.get("last_hidden_state")));
            }
        }
        return worst;
    }

    /** The largest difference of the own head's logits (with the fixture's head weights) from the golden. */
    public double logitsError(KernelKind kernel) throws Exception {
        double worst = 0;
        try (ClassifierModel model = referenceClassifier(kernel)) {
            for (JsonObject c : nonEmpty(cases())) {
                worst = Math.max(worst, report(c, kernel + " logits", logits(model, c), c.get("logits")));
            }
        }
        return worst;
    }

    /** The model's logits for one case, flattened. */
    public static float[] logits(ClassifierModel model, JsonObject c) {
        try (NDManager step = model.manager().newSubManager()) {
            return model.network()
                    .forward(model.parameterStore(), GoldenCases.inputs(step, c), false)
                    .singletonOrThrow()
                    .toFloatArray();
        }
    }

    /**
     * Saves the classifier with its own head and checks that the saved model is {@code className}: config.json's
     * {@code architectures} names it and model.safetensors holds exactly the fixture's tensor names and shapes.
     */
    public void assertSavedModelIs(String className, Path target) throws Exception {
        try (ClassifierModel model = classifier(KernelKind.FP32)) {
            ModelWriter.write(model, target, path(), 64, Map.of(), Map.of(), "");
        }
        JsonObject config = JsonParser.parseString(
                        Files.readString(target.resolve("config.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
        assertEquals("[\"" + className + "\"]", String.valueOf(config.get("architectures")));
        try (Checkpoint saved = Checkpoint.open(ModelDirectory.open(target, "saved", true));
                Checkpoint fixture = Checkpoint.open(directory())) {
            assertEquals(shapes(fixture), shapes(saved));
        }
    }

    /** Every tensor's name and shape. */
    public static Map<String, List<Long>> shapes(Checkpoint checkpoint) {
        Map<String, List<Long>> shapes = new TreeMap<>();
        checkpoint
                .names()
                .forEach(n -> shapes.put(
                        n, Arrays.stream(checkpoint.info(n).shape()).boxed().toList()));
        return shapes;
    }

    /** What freezing leaves trainable: the parameters' names, and the model summary. */
    public record Frozen(Set<String> trainable, ModelSummary summary) {

        public List<String> rowNames() {
            return summary.rows().stream().map(ModelSummary.Row::name).toList();
        }

        public List<String> rowStatuses() {
            return summary.rows().stream().map(ModelSummary.Row::status).toList();
        }
    }

    /** The classifier with its own head after {@code freezeLayerCount}. */
    public Frozen freeze(int freezeLayerCount) {
        try (ClassifierModel model = classifier(KernelKind.FP32)) {
            new FreezePlan(freezeLayerCount, model.network().encoder().layers().size()).apply(model);
            return new Frozen(new TreeSet<>(model.trainableParameters().keySet()), ModelSummary.of(model));
        }
    }

    /** The fixture's tensor names that {@code keep} accepts, sorted. */
    public Set<String> tensorNames(Predicate<String> keep) {
        try (Checkpoint checkpoint = Checkpoint.open(directory())) {
            return checkpoint.names().stream().filter(keep).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Prints and returns the largest difference of {@code actual} from the golden {@code expected}. */
    public double report(JsonObject c, String what, float[] actual, JsonElement expected) {
        double error = maxDifference(actual, flatten(expected));
        System.out.printf(
                "%s %s, case %s: max |diff| %.3g%n", name, what, c.get("name").getAsString(), error);
        return error;
    }

    private static List<JsonObject> nonEmpty(List<JsonObject> cases) {
        assertTrue(!cases.isEmpty(), "golden.json has no cases");
        return cases;
    }
}
