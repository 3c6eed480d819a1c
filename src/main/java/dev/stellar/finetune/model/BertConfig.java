package dev.stellar.finetune.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.io.JsonFields;
import dev.stellar.finetune.model.arch.Architecture;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The sizes of a BERT-shaped encoder checkpoint (BERT, RoBERTa, XLM-RoBERTa: transformers' RobertaConfig
 * extends BertConfig), read from its Hugging Face {@code config.json}, and its {@link Architecture}.
 * The raw JSON is kept so that the saved model's config.json carries every original field.
 *
 * @param padTokenId the padding id, from which RoBERTa counts positions
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
     * any released BERT (bert-large: 24 layers, hidden 1024, vocabulary 30522; multilingual vocabularies
     * about 250000) and far below what would exhaust memory while building the network:
     * at most {@value #MAX_LAYERS} layers, hidden size {@value #MAX_HIDDEN}, intermediate size
     * {@value #MAX_INTERMEDIATE}, vocabulary {@value #MAX_VOCABULARY} (2^24), {@value #MAX_POSITIONS} positions
     * and {@value #MAX_TOKEN_TYPES} token types; dropouts in [0, 1).
     *
     * @param file the config.json the JSON came from, for messages
     * @param location the {@code model} parameter, for messages
     */
    public static BertConfig parse(JsonElement root, Path file, String location) {
        return parse(root, file, location, false);
    }

    /**
     * @param previewArchitectures also accept the families that are implemented but not yet selectable
     *     end to end (tests of those families only)
     */
    public static BertConfig parse(JsonElement root, Path file, String location, boolean previewArchitectures) {
        Function<String, ConfigurationException> failure = problem -> new ConfigurationException(
                "model",
                location,
                file + " is not a usable BERT config.json: " + problem,
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
                        "use a BERT-family checkpoint such as bert-base-uncased or all-MiniLM-L6-v2"));
        String act = json.string("hidden_act", "gelu");
        if (!act.equals("gelu")) {
            throw new ConfigurationException(
                    "model",
                    location,
                    "its config.json asks for hidden_act \"" + act
                            + "\", and this plugin implements BERT's exact (erf) gelu",
                    "use a checkpoint with hidden_act gelu");
        }
        String positions = json.string("position_embedding_type", "absolute");
        if (!positions.equals("absolute")) {
            throw new ConfigurationException(
                    "model",
                    location,
                    "its config.json asks for position_embedding_type \"" + positions + "\"",
                    "use a checkpoint with absolute position embeddings");
        }
        int hidden = (int) json.integer("hidden_size", 1, MAX_HIDDEN);
        int heads = (int) json.integer("num_attention_heads", 1, hidden);
        if (hidden % heads != 0) {
            throw new ConfigurationException(
                    "model",
                    location,
                    "its config.json has hidden_size " + hidden + ", which num_attention_heads " + heads
                            + " does not divide",
                    "fix config.json to match the checkpoint");
        }
        int vocabulary = (int) json.integer("vocab_size", 1, MAX_VOCABULARY);
        int padding = json.has("pad_token_id") ? (int) json.integer("pad_token_id", 0, vocabulary - 1) : 0;
        return new BertConfig(
                vocabulary,
                hidden,
                (int) json.integer("num_hidden_layers", 1, MAX_LAYERS),
                heads,
                (int) json.integer("intermediate_size", 1, MAX_INTERMEDIATE),
                (float) json.probability("hidden_dropout_prob", 0.1),
                (float) json.probability("attention_probs_dropout_prob", 0.1),
                (int) json.integer("max_position_embeddings", 1, MAX_POSITIONS),
                (int) json.integer("type_vocab_size", 1, MAX_TOKEN_TYPES, 2),
                (float) json.number("layer_norm_eps", 1e-30, 1, 1e-12),
                (float) json.number("initializer_range", 0, 1, 0.02),
                architecture,
                padding,
                json.json());
    }
}
