package dev.stellar.finetune.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.io.JsonFields;
import dev.stellar.finetune.model.arch.Architecture;
import dev.stellar.finetune.model.arch.ConfigKeys;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The sizes of an encoder checkpoint, read from its Hugging Face {@code config.json} under the key names
 * of its {@link Architecture} ({@link ConfigKeys}), and the architecture itself. What only one family has
 * (DeBERTa's relative positions, ModernBERT's rotary settings) its own code reads from {@link #raw}, which
 * is also kept so that the saved model's config.json carries every original field.
 *
 * @param embeddingSize the width of the embedding tables: the hidden size except in ELECTRA, which
 *     projects smaller embeddings up
 * @param typeVocabSize the token types the model tells apart; 0 where it has no token-type embeddings
 * @param padTokenId the padding id, from which RoBERTa counts positions
 */
public record EncoderConfig(
        int vocabSize,
        int hiddenSize,
        int embeddingSize,
        int numLayers,
        int numHeads,
        int intermediateSize,
        float hiddenDropout,
        float attentionDropout,
        int maxPositions,
        int typeVocabSize,
        float layerNormEps,
        float initializerRange,
        Architecture architecture,
        int padTokenId,
        JsonObject raw) {

    public static final int MAX_LAYERS = 256;
    public static final int MAX_HIDDEN = 65_536;
    public static final int MAX_INTERMEDIATE = 4 * MAX_HIDDEN;
    public static final int MAX_VOCABULARY = 1 << 24;
    public static final int MAX_POSITIONS = 1 << 20;
    public static final int MAX_TOKEN_TYPES = 1024;

    public int headSize() {
        return hiddenSize / numHeads;
    }

    /**
     * Reads and bounds-checks every size before anything is allocated from it. The bounds are far above
     * any released encoder (bert-large: 24 layers, hidden 1024; multilingual vocabularies about 250000) and
     * far below what would exhaust memory while building the network: at most {@value #MAX_LAYERS} layers,
     * hidden size {@value #MAX_HIDDEN}, intermediate size {@value #MAX_INTERMEDIATE}, vocabulary
     * {@value #MAX_VOCABULARY} (2^24), {@value #MAX_POSITIONS} positions and {@value #MAX_TOKEN_TYPES} token
     * types; dropouts in [0, 1).
     *
     * @param file the config.json the JSON came from, for messages
     * @param location the {@code model} parameter, for messages
     */
    public static EncoderConfig parse(JsonElement root, Path file, String location) {
        return parse(root, file, location, false);
    }

    /**
     * @param previewArchitectures also accept the families that are implemented but not yet selectable
     *     end to end (tests of those families only)
     */
    public static EncoderConfig parse(JsonElement root, Path file, String location, boolean previewArchitectures) {
        Function<String, ConfigurationException> failure = problem -> new ConfigurationException(
                "model",
                location,
                file + " is not a usable config.json: " + problem,
                "use the config.json that was saved with the checkpoint (sizes are whole numbers, dropouts lie"
                        + " in [0, 1))");
        JsonFields json = JsonFields.of(root, failure);
        String modelType = json.string("model_type", "bert");
        Architecture architecture = Architecture.of(modelType)
                .filter(a -> a.selectable() || previewArchitectures)
                .orElseThrow(() -> new ConfigurationException(
                        "model",
                        location,
                        "its config.json says model_type \"" + modelType
                                + "\", and this plugin fine-tunes the model_types "
                                + String.join(", ", Architecture.selectableModelTypes()),
                        "use a checkpoint of one of those families, such as bert-base-uncased or roberta-base"
                                + " (mvn finetune:models lists them with well-known checkpoints)"));
        ConfigKeys keys = architecture.configKeys();
        String act = json.string(keys.activation(), "gelu");
        if (!act.equals("gelu")) {
            throw new ConfigurationException(
                    "model",
                    location,
                    "its config.json asks for " + keys.activation() + " \"" + act
                            + "\", and this plugin implements the exact (erf) gelu",
                    "use a checkpoint with " + keys.activation() + " gelu");
        }
        int hidden = (int) json.integer(keys.hidden(), 1, MAX_HIDDEN);
        int heads = (int) json.integer(keys.heads(), 1, hidden);
        if (hidden % heads != 0) {
            throw new ConfigurationException(
                    "model",
                    location,
                    "its config.json has " + keys.hidden() + " " + hidden + ", which " + keys.heads() + " " + heads
                            + " does not divide",
                    "fix config.json to match the checkpoint");
        }
        int vocabulary = (int) json.integer("vocab_size", 1, MAX_VOCABULARY);
        int padding = json.has("pad_token_id") ? (int) json.integer("pad_token_id", 0, vocabulary - 1) : 0;
        EncoderConfig config = new EncoderConfig(
                vocabulary,
                hidden,
                json.has("embedding_size") ? (int) json.integer("embedding_size", 1, MAX_HIDDEN) : hidden,
                (int) json.integer(keys.layers(), 1, MAX_LAYERS),
                heads,
                (int) json.integer(keys.intermediate(), 1, MAX_INTERMEDIATE),
                (float) json.probability(keys.hiddenDropout(), 0.1),
                (float) json.probability(keys.attentionDropout(), 0.1),
                (int) json.integer("max_position_embeddings", 1, MAX_POSITIONS),
                keys.tokenTypes() ? (int) json.integer("type_vocab_size", 0, MAX_TOKEN_TYPES, 2) : 0,
                keys.layerNormEps() == null
                        ? (float) keys.defaultEps()
                        : (float) json.number(keys.layerNormEps(), 1e-30, 1, keys.defaultEps()),
                (float) json.number("initializer_range", 0, 1, 0.02),
                architecture,
                padding,
                json.json());
        architecture.checkOptions(config, json, location);
        return config;
    }
}
