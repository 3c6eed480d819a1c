package dev.stellar.finetune.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.config.ProblemType;
import dev.stellar.finetune.io.JsonFields;
import dev.stellar.finetune.model.arch.Architecture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How a fine-tuned model's head is recorded in its config.json: the {@code finetune} object (pooling,
 * hidden sizes, dropout), Hugging Face's {@code id2label}/{@code label2id} and {@code problem_type}, and
 * {@code architectures} only where a transformers class loads the weights as they are.
 */
public final class HeadLayout {

    public static final String SECTION = "finetune";

    private HeadLayout() {}

    public static void write(JsonObject config, HeadSettings head, List<String> labels, String pluginVersion) {
        write(config, head, labels, ModelTask.SINGLE_LABEL, pluginVersion);
    }

    public static void write(
            JsonObject config, HeadSettings head, List<String> labels, ModelTask task, String pluginVersion) {
        Architecture architecture = architecture(config);
        architecture.recordHead(config, head);
        if (architecture.loadsAsSequenceClassification(config, head)) {
            config.add("architectures", single(architecture.sequenceClassification()));
        } else {
            config.remove("architectures"); // the pretrained "BertModel" would load the encoder and drop the head
        }
        // Picks the loss when transformers trains the model further: cross-entropy, BCE with logits, or MSE.
        config.addProperty("problem_type", task.problemType().transformersName());
        JsonObject label2id = new JsonObject();
        for (int i = 0; i < labels.size(); i++) {
            label2id.addProperty(labels.get(i), i);
        }
        config.add("id2label", id2label(labels));
        config.add("label2id", label2id);
        config.addProperty("classifier_dropout", head.dropout());
        JsonObject section = new JsonObject();
        section.addProperty("pooling", head.pooling().id());
        JsonArray sizes = new JsonArray();
        head.hiddenSizes().forEach(sizes::add);
        section.add("classifier_hidden_sizes", sizes);
        section.addProperty("classifier_dropout", head.dropout());
        if (task.isMultiLabel()) {
            section.addProperty("threshold", task.threshold());
        }
        section.addProperty("plugin_version", pluginVersion);
        config.add(SECTION, section);
    }

    /** The family config.json's model_type names; BERT when it names none the plugin knows. */
    private static Architecture architecture(JsonObject config) {
        JsonElement type = config.get("model_type");
        return type != null && type.isJsonPrimitive()
                ? Architecture.of(type.getAsString()).orElse(Architecture.BERT)
                : Architecture.BERT;
    }

    /** The head of a model this plugin saved, or {@code null} when its config.json has no such record. */
    public static HeadSettings readHead(ModelDirectory model) {
        return readHead(model.config().raw(), model.path().resolve(ModelDirectory.CONFIG));
    }

    /**
     * The head recorded in {@code config}, or {@code null} when there is no such record.
     *
     * @param file the config.json it was read from, named when the record is malformed
     */
    public static HeadSettings readHead(JsonObject config, Path file) {
        JsonFields section = new JsonFields(config, "", malformed(file)).object(SECTION);
        if (section == null) {
            return null;
        }
        JsonArray sizesJson = section.array("classifier_hidden_sizes");
        List<Integer> sizes = new ArrayList<>();
        if (sizesJson != null) {
            for (int i = 0; i < sizesJson.size(); i++) {
                sizes.add((int) JsonFields.integer(
                        "\"" + SECTION + ".classifier_hidden_sizes[" + i + "]\"",
                        sizesJson.get(i),
                        1,
                        EncoderConfig.MAX_HIDDEN,
                        malformed(file)));
            }
        }
        String pooling = section.string("pooling", null);
        if (pooling == null) {
            throw malformed(file).apply("\"" + SECTION + ".pooling\" is missing");
        }
        Pooling parsed;
        try {
            parsed = Pooling.parse(pooling);
        } catch (RuntimeException e) {
            throw malformed(file)
                    .apply("\"" + SECTION + ".pooling\" is \"" + pooling + "\", not one of pooler, cls," + " mean");
        }
        return new HeadSettings(sizes, section.probability("classifier_dropout", 0), parsed);
    }

    /** What the model's outputs mean, from problem_type (single-label where absent) and finetune.threshold. */
    public static ModelTask readTask(ModelDirectory model) {
        return readTask(model.config().raw(), model.path().resolve(ModelDirectory.CONFIG));
    }

    public static ModelTask readTask(JsonObject config, Path file) {
        JsonFields fields = new JsonFields(config, "", malformed(file));
        ProblemType type = ProblemType.fromTransformersName(fields.string("problem_type", null));
        JsonFields section = fields.object(SECTION);
        double threshold = section == null ? 0.5 : section.probability("threshold", 0.5);
        if (type == ProblemType.MULTI_LABEL && !(threshold > 0 && threshold < 1)) {
            throw malformed(file).apply("\"" + SECTION + ".threshold\" is " + threshold + ", not between 0 and 1");
        }
        return new ModelTask(type, threshold);
    }

    /** config.json's id2label: {"0": first label, "1": ...}; the ONNX export's metadata holds the same. */
    public static JsonObject id2label(List<String> labels) {
        JsonObject id2label = new JsonObject();
        for (int i = 0; i < labels.size(); i++) {
            id2label.addProperty(Integer.toString(i), labels.get(i));
        }
        return id2label;
    }

    /** Label names in id order from the model's config.json. */
    public static List<String> readLabels(ModelDirectory model) {
        return readLabels(model.config().raw(), model.path().resolve(ModelDirectory.CONFIG));
    }

    /**
     * Label names in id order from id2label; empty when there is none.
     *
     * @param file the config.json it was read from, named when id2label is malformed
     */
    public static List<String> readLabels(JsonObject config, Path file) {
        JsonFields id2label = new JsonFields(config, "", malformed(file)).object("id2label");
        List<String> labels = new ArrayList<>();
        if (id2label == null) {
            return labels;
        }
        for (int i = 0; i < id2label.json().size(); i++) {
            String name = id2label.string(Integer.toString(i), null);
            if (name == null) {
                throw malformed(file)
                        .apply("\"id2label\" has " + id2label.json().size() + " entries but none for id " + i
                                + " (ids run from 0 without gaps)");
            }
            labels.add(name);
        }
        return labels;
    }

    private static Function<String, FinetuneException> malformed(Path file) {
        return problem -> new FinetuneException("File " + file + " has a malformed classifier record: " + problem
                + ". Fix: train the model again with finetune:freeze-and-train, which writes this record.");
    }

    private static JsonArray single(String value) {
        JsonArray array = new JsonArray();
        array.add(value);
        return array;
    }
}
