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
 * hidden sizes, dropout) and Hugging Face's {@code id2label}/{@code label2id}.
 */
public final class HeadLayout {

    public static final String SECTION = "finetune";

    private HeadLayout() {
    }

    public static void write(JsonObject config, HeadSettings head, List<String> labels, String pluginVersion) {
        config.add("architectures", single("BertForSequenceClassification"));
        JsonObject id2label = new JsonObject();
        JsonObject label2id = new JsonObject();
        for (int i = 0; i < labels.size(); i++) {
            id2label.addProperty(Integer.toString(i), labels.get(i));
            label2id.addProperty(labels.get(i), i);
        }
        config.add("id2label", id2label);
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
