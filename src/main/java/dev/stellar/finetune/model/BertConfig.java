package dev.stellar.finetune.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.stellar.finetune.config.ConfigurationException;

/**
 * The architecture of a BERT checkpoint, read from its Hugging Face {@code config.json}.
 * The raw JSON is kept so that the saved model's config.json carries every original field.
 */
public record BertConfig(
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int intermediateSize,
        float hiddenDropout,
        float attentionDropout,
        int maxPositions,
        int typeVocabSize,
        float layerNormEps,
        float initializerRange,
        JsonObject raw) {

    public int headSize() {
        return hiddenSize / numHeads;
    }

    public static BertConfig parse(JsonObject json, String location) {
        String modelType = text(json, "model_type", "bert");
        if (!modelType.equals("bert")) {
            throw new ConfigurationException("model", location, "its config.json says model_type \"" + modelType
                    + "\", and this plugin fine-tunes BERT-architecture encoders (model_type \"bert\")",
                    "use a BERT-family checkpoint such as bert-base-uncased or all-MiniLM-L6-v2");
        }
        String act = text(json, "hidden_act", "gelu");
        if (!act.equals("gelu")) {
            throw new ConfigurationException("model", location, "its config.json asks for hidden_act \"" + act
                    + "\", and this plugin implements BERT's exact (erf) gelu", "use a checkpoint with hidden_act gelu");
        }
        String positions = text(json, "position_embedding_type", "absolute");
        if (!positions.equals("absolute")) {
            throw new ConfigurationException("model", location, "its config.json asks for position_embedding_type \""
                    + positions + "\"", "use a checkpoint with absolute position embeddings");
        }
        BertConfig config = new BertConfig(
                integer(json, "vocab_size", location),
                integer(json, "hidden_size", location),
                integer(json, "num_hidden_layers", location),
                integer(json, "num_attention_heads", location),
                integer(json, "intermediate_size", location),
                number(json, "hidden_dropout_prob", 0.1f),
                number(json, "attention_probs_dropout_prob", 0.1f),
                integer(json, "max_position_embeddings", location),
                json.has("type_vocab_size") ? integer(json, "type_vocab_size", location) : 2,
                number(json, "layer_norm_eps", 1e-12f),
                number(json, "initializer_range", 0.02f),
                json);
        if (config.hiddenSize % config.numHeads != 0) {
            throw new ConfigurationException("model", location, "its config.json has hidden_size " + config.hiddenSize
                    + ", which num_attention_heads " + config.numHeads + " does not divide",
                    "fix config.json to match the checkpoint");
        }
        return config;
    }

    private static String text(JsonObject json, String key, String fallback) {
        JsonElement e = json.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsString();
    }

    private static float number(JsonObject json, String key, float fallback) {
        JsonElement e = json.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsFloat();
    }

    private static int integer(JsonObject json, String key, String location) {
        JsonElement e = json.get(key);
        if (e == null || e.isJsonNull() || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()
                || e.getAsInt() < 1) {
            throw new ConfigurationException("model", location, "its config.json lacks a positive \"" + key + "\"",
                    "use a complete Hugging Face config.json for a BERT model");
        }
        return e.getAsInt();
    }
}
