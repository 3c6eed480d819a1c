package dev.stellar.finetune.model.modernbert;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.io.JsonFields;
import dev.stellar.finetune.model.EncoderConfig;

/**
 * What only ModernBERT's config.json holds (transformers' ModernBertConfig, with its defaults): the rotary
 * bases of global and local layers, which layers are global, the sliding window, the embedding dropout and
 * the prediction head's options. The options the plugin does not implement are refused by {@link #read}.
 *
 * @param globalEvery {@code global_attn_every_n_layers}: layer N is global iff N is a multiple of it
 * @param localAttention {@code local_attention}: a local layer's query attends to keys within half of it
 */
public record ModernBertConfig(
        int globalEvery,
        int localAttention,
        double globalRopeTheta,
        double localRopeTheta,
        float embeddingDropout,
        Pooling classifierPooling,
        boolean classifierBias) {

    /** The options of a config.json that {@link EncoderConfig#parse} already read (and so checked). */
    public static ModernBertConfig of(EncoderConfig config) {
        return read(
                JsonFields.of(config.raw(), problem -> new IllegalStateException("config.json: " + problem)),
                "config.json");
    }

    /**
     * Reads and checks the options.
     *
     * @param location the {@code model} parameter, for messages
     */
    public static ModernBertConfig read(JsonFields json, String location) {
        for (String key : new String[] {"norm_bias", "attention_bias", "mlp_bias"}) {
            if (json.bool(key, false)) {
                throw unsupported(location, key, "true", "false (as every answerdotai/ModernBERT checkpoint has)");
            }
        }
        String activation = json.string("classifier_activation", "gelu");
        if (!activation.equals("gelu")) {
            throw unsupported(location, "classifier_activation", "\"" + activation + "\"", "\"gelu\"");
        }
        String pooling = json.string("classifier_pooling", "cls");
        if (!pooling.equals("cls") && !pooling.equals("mean")) {
            throw unsupported(location, "classifier_pooling", "\"" + pooling + "\"", "\"cls\" or \"mean\"");
        }
        return new ModernBertConfig(
                (int) json.integer("global_attn_every_n_layers", 1, Integer.MAX_VALUE, 3),
                (int) json.integer("local_attention", 0, Integer.MAX_VALUE, 128),
                json.number("global_rope_theta", Double.MIN_VALUE, Double.MAX_VALUE, 160_000),
                json.number("local_rope_theta", Double.MIN_VALUE, Double.MAX_VALUE, 10_000),
                (float) json.probability("embedding_dropout", 0),
                Pooling.parse(pooling),
                json.bool("classifier_bias", false));
    }

    /** ModernBertEncoderLayer uses sliding-window attention and the local rotary base on this layer. */
    public boolean isLocal(int layer) {
        return layer % globalEvery != 0;
    }

    /** The farthest key a local layer's query attends to: |i - j| at most this. */
    public int windowRadius() {
        return localAttention / 2;
    }

    public double ropeTheta(int layer) {
        return isLocal(layer) ? localRopeTheta : globalRopeTheta;
    }

    private static ConfigurationException unsupported(String location, String key, String value, String fix) {
        return new ConfigurationException(
                "model",
                location,
                "its config.json sets " + key + " " + value + ", which this plugin's ModernBERT does not implement",
                "use a checkpoint whose config.json has " + key + " " + fix);
    }
}
