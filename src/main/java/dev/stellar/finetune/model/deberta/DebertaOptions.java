package dev.stellar.finetune.model.deberta;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.io.JsonFields;
import dev.stellar.finetune.model.EncoderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What DebertaV2Config adds to BERT's keys, as DeBERTa-v3 checkpoints set them: relative attention with
 * log-bucketed positions ({@code position_buckets}, {@code max_relative_positions}), the disentangled terms
 * ({@code pos_att_type}) and ContextPooler's settings. {@link #read} refuses what the plugin does not implement.
 *
 * @param positionBuckets {@code position_buckets}; 0 or less: positions are not bucketed
 * @param maxRelativePositions {@code max_relative_positions}, where less than 1 means
 *     {@code max_position_embeddings}
 * @param contentToPosition whether {@code pos_att_type} has c2p
 * @param positionToContent whether {@code pos_att_type} has p2c
 */
public record DebertaOptions(
        int positionBuckets,
        int maxRelativePositions,
        boolean contentToPosition,
        boolean positionToContent,
        int poolerHiddenSize,
        float poolerDropout) {

    /**
     * Half the rows of the relative embedding table: relative positions (or buckets) from {@code -span} to
     * {@code span - 1} each have a row (transformers' {@code pos_ebd_size}).
     */
    public int span() {
        return positionBuckets > 0 ? positionBuckets : maxRelativePositions;
    }

    /** The number of terms each attention score sums (content to content, c2p, p2c): its scale's factor. */
    public int scaleFactor() {
        return 1 + (contentToPosition ? 1 : 0) + (positionToContent ? 1 : 0);
    }

    /** The options of a config already checked by {@link #read} (at parse time). */
    public static DebertaOptions of(EncoderConfig config) {
        return read(
                config,
                JsonFields.of(config.raw(), problem -> new IllegalStateException("config.json: " + problem)),
                "config.json");
    }

    /** Reads and checks DebertaV2Config's own keys. */
    public static DebertaOptions read(EncoderConfig config, JsonFields json, Object location) {
        require(json.bool("relative_attention", false), "relative_attention", "false", location);
        require(!json.bool("position_biased_input", true), "position_biased_input", "true", location);
        require(json.bool("share_att_key", false), "share_att_key", "false", location);
        String norm = json.string("norm_rel_ebd", "none");
        require(norm.equals("layer_norm"), "norm_rel_ebd", '"' + norm + '"', location);
        require(config.typeVocabSize() == 0, "type_vocab_size", config.typeVocabSize(), location);
        require(config.embeddingSize() == config.hiddenSize(), "embedding_size", config.embeddingSize(), location);
        long conv = json.integer("conv_kernel_size", 0, Integer.MAX_VALUE, 0);
        require(conv == 0, "conv_kernel_size", conv, location);
        if (json.has("attention_head_size")) {
            long head = json.integer("attention_head_size", 1, Integer.MAX_VALUE);
            require(head == config.headSize(), "attention_head_size", head, location);
        }
        String act = json.string("pooler_hidden_act", "gelu");
        require(act.equals("gelu"), "pooler_hidden_act", '"' + act + '"', location);
        List<String> types = attentionTypes(json);
        for (String type : types) {
            require(type.equals("c2p") || type.equals("p2c"), "pos_att_type", types, location);
        }
        int buckets = (int) json.integer("position_buckets", Integer.MIN_VALUE, EncoderConfig.MAX_POSITIONS, -1);
        int maxRelative =
                (int) json.integer("max_relative_positions", Integer.MIN_VALUE, EncoderConfig.MAX_POSITIONS, -1);
        return new DebertaOptions(
                buckets,
                maxRelative < 1 ? config.maxPositions() : maxRelative,
                types.contains("c2p"),
                types.contains("p2c"),
                (int) json.integer("pooler_hidden_size", 1, EncoderConfig.MAX_HIDDEN, config.hiddenSize()),
                (float) json.probability("pooler_dropout", 0));
    }

    /** {@code pos_att_type}: a list, or DebertaV2Config's older "p2c|c2p" string; lower case. */
    private static List<String> attentionTypes(JsonFields json) {
        List<String> types = new ArrayList<>();
        if (!json.has("pos_att_type")) {
            return types;
        }
        JsonElement value = json.json().get("pos_att_type");
        if (value.isJsonNull()) {
            return types;
        }
        if (value.isJsonArray()) {
            JsonArray array = value.getAsJsonArray();
            array.forEach(
                    e -> types.add(e.getAsString().toLowerCase(Locale.ROOT).trim()));
        } else {
            for (String part : value.getAsString().split("\\|", -1)) {
                types.add(part.toLowerCase(Locale.ROOT).trim());
            }
        }
        return types;
    }

    private static void require(boolean implemented, String key, Object value, Object location) {
        if (!implemented) {
            throw new ConfigurationException(
                    "model",
                    location,
                    "its config.json has " + key + " " + value + ", and this plugin implements DeBERTa-v2 as"
                            + " DeBERTa-v3 configures it (relative_attention true, position_biased_input false,"
                            + " share_att_key true, norm_rel_ebd \"layer_norm\", pos_att_type of p2c and c2p,"
                            + " type_vocab_size 0, embedding_size = hidden_size, no conv_kernel_size,"
                            + " pooler_hidden_act gelu)",
                    "use a DeBERTa-v3 checkpoint such as microsoft/deberta-v3-base, or a model_type the plugin"
                            + " supports");
        }
    }
}
