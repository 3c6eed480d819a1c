package dev.stellar.finetune.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.io.JsonFields;
import dev.stellar.finetune.model.ModelDirectory;
import java.util.Map;

/**
 * The parts of a tokenizer.json that every tokenizer built here shares (added special tokens, the
 * {@code [CLS] A [SEP] B [SEP]} template), and the special tokens a pretrained model's tokenizer_config.json
 * and special_tokens_map.json name.
 */
final class TokenizerJson {

    private TokenizerJson() {}

    /** A tokenizer.json with no padding or truncation pinned, to which the sections are added. */
    static JsonObject empty() {
        JsonObject json = new JsonObject();
        json.addProperty("version", "1.0");
        json.add("truncation", null);
        json.add("padding", null);
        return json;
    }

    /** An added token as transformers saves it: matched in the raw text, before normalization. */
    static JsonObject addedToken(int id, String content, boolean special) {
        JsonObject entry = new JsonObject();
        entry.addProperty("id", id);
        entry.addProperty("content", content);
        entry.addProperty("single_word", false);
        entry.addProperty("lstrip", false);
        entry.addProperty("rstrip", false);
        entry.addProperty("normalized", false);
        entry.addProperty("special", special);
        return entry;
    }

    /** {@code cls A sep} for one text, {@code cls A sep B sep} for a pair, B and its sep with type id 1. */
    static JsonObject clsSepTemplate(String cls, String sep, Map<String, Integer> vocab) {
        JsonObject post = new JsonObject();
        post.addProperty("type", "TemplateProcessing");
        JsonArray single = new JsonArray();
        single.add(piece("SpecialToken", cls, 0));
        single.add(piece("Sequence", "A", 0));
        single.add(piece("SpecialToken", sep, 0));
        JsonArray pair = single.deepCopy();
        pair.add(piece("Sequence", "B", 1));
        pair.add(piece("SpecialToken", sep, 1));
        post.add("single", single);
        post.add("pair", pair);
        JsonObject specials = new JsonObject();
        for (String token : new String[] {cls, sep}) {
            JsonObject entry = new JsonObject();
            entry.addProperty("id", token);
            JsonArray ids = new JsonArray();
            ids.add(vocab.get(token));
            entry.add("ids", ids);
            JsonArray tokens = new JsonArray();
            tokens.add(token);
            entry.add("tokens", tokens);
            specials.add(token, entry);
        }
        post.add("special_tokens", specials);
        return post;
    }

    private static JsonObject piece(String kind, String id, int typeId) {
        JsonObject inner = new JsonObject();
        inner.addProperty("id", id);
        inner.addProperty("type_id", typeId);
        JsonObject outer = new JsonObject();
        outer.add(kind, inner);
        return outer;
    }

    /**
     * The special token for {@code key} (unk_token, cls_token...) that special_tokens_map.json, else
     * tokenizer_config.json names (as a string or {"content": ...}), else {@code fallback}.
     */
    static String configuredToken(
            ModelDirectory model, JsonObject config, JsonObject special, String key, String fallback) {
        String token = fallback;
        for (boolean fromSpecial : new boolean[] {true, false}) {
            JsonObject source = fromSpecial ? special : config;
            JsonElement value = source.get(key);
            if (value != null && value.isJsonObject() && value.getAsJsonObject().has("content")) {
                value = value.getAsJsonObject().get("content");
                if (!value.isJsonPrimitive()) {
                    throw new ConfigurationException(
                            "model",
                            model.location(),
                            "the " + key + " of its "
                                    + (fromSpecial ? ModelDirectory.SPECIAL_TOKENS : ModelDirectory.TOKENIZER_CONFIG)
                                    + " has a content that is " + JsonFields.describe(value)
                                    + " where a string was expected",
                            "restore the model's tokenizer files");
                }
            }
            if (value != null && value.isJsonPrimitive()) {
                token = value.getAsString();
            }
        }
        return token;
    }

    /** A boolean of tokenizer_config.json, or {@code fallback} when it is absent or not a boolean. */
    static boolean flag(JsonObject config, String key, boolean fallback) {
        JsonElement value = config.get(key);
        return (value != null
                        && value.isJsonPrimitive()
                        && value.getAsJsonPrimitive().isBoolean())
                ? value.getAsBoolean()
                : fallback;
    }
}
