package dev.stellar.finetune.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import java.util.ArrayList;
import java.util.List;

/**
 * How a fine-tuned model's head is recorded in its config.json: the {@code finetune} object (pooling,
 * hidden sizes, dropout), Hugging Face's {@code id2label}/{@code label2id} and {@code problem_type}, and
 * {@code architectures} only where a transformers class loads the weights as they are.
 */
public final class HeadLayout {

    public static final String SECTION = "finetune";
    /** transformers' BertModel (pooler included) + Dropout + one Linear named {@code classifier}. */
    public static final String SEQUENCE_CLASSIFICATION = "BertForSequenceClassification";

    private HeadLayout() {
    }

    public static void write(JsonObject config, HeadSettings head, List<String> labels, String pluginVersion) {
        if (fitsSequenceClassification(head)) {
            config.add("architectures", single(SEQUENCE_CLASSIFICATION));
        } else {
            config.remove("architectures"); // the pretrained "BertModel" would load the encoder and drop the head
        }
        // What transformers records for integer labels over two or more classes: softmax cross-entropy.
        config.addProperty("problem_type", "single_label_classification");
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
        section.addProperty("plugin_version", pluginVersion);
        config.add(SECTION, section);
    }

    /**
     * Whether transformers' BertForSequenceClassification holds this head as trained: one Linear
     * ({@code classifier.weight/bias}) on the pooler's output. A hidden layer ({@code classifier.0/3}) or
     * cls/mean pooling is a different network, which that class would load with fresh or ignored weights.
     */
    public static boolean fitsSequenceClassification(HeadSettings head) {
        return head.hiddenSizes().isEmpty() && head.pooling() == Pooling.POOLER;
    }

    /** The head of a model this plugin saved, or {@code null} when config.json has no such record. */
    public static HeadSettings readHead(JsonObject config) {
        JsonObject section = config.getAsJsonObject(SECTION);
        if (section == null) {
            return null;
        }
        List<Integer> sizes = new ArrayList<>();
        for (JsonElement e : section.getAsJsonArray("classifier_hidden_sizes")) {
            sizes.add(e.getAsInt());
        }
        return new HeadSettings(sizes, section.get("classifier_dropout").getAsDouble(),
                Pooling.parse(section.get("pooling").getAsString()));
    }

    /** config.json's id2label: {"0": first label, "1": ...}; the ONNX export's metadata holds the same. */
    public static JsonObject id2label(List<String> labels) {
        JsonObject id2label = new JsonObject();
        for (int i = 0; i < labels.size(); i++) {
            id2label.addProperty(Integer.toString(i), labels.get(i));
        }
        return id2label;
    }

    /** Label names in id order from id2label. */
    public static List<String> readLabels(JsonObject config) {
        JsonObject id2label = config.getAsJsonObject("id2label");
        List<String> labels = new ArrayList<>();
        if (id2label == null) {
            return labels;
        }
        for (int i = 0; i < id2label.size(); i++) {
            JsonElement name = id2label.get(Integer.toString(i));
            if (name == null) {
                throw new IllegalArgumentException("id2label lacks id " + i);
            }
            labels.add(name.getAsString());
        }
        return labels;
    }

    private static JsonArray single(String value) {
        JsonArray array = new JsonArray();
        array.add(value);
        return array;
    }
}
