package dev.stellar.finetune.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A model directory in Hugging Face layout whose files have been checked: config.json parses as a BERT
 * config, the weights are safetensors, and a tokenizer is there (tokenizer.json, or spm.model or vocab.txt to
 * build one from).
 *
 * @param location the {@code model} parameter as the user wrote it, for messages
 * @param hubId the Hugging Face Hub model id it was downloaded as; {@code null} for a model from elsewhere
 */
public record ModelDirectory(Path path, String location, EncoderConfig config, String hubId) {

    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "model.safetensors";
    public static final String WEIGHTS_INDEX = "model.safetensors.index.json";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String VOCAB = "vocab.txt";
    /** A SentencePiece model, which DeBERTa-v3 repositories ship instead of tokenizer.json. */
    public static final String SPM = "spm.model";

    public static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    public static final String SPECIAL_TOKENS = "special_tokens_map.json";
    /** The files that make up a tokenizer, as transformers saves them. */
    public static final List<String> TOKENIZER_FILES = List.of(TOKENIZER, TOKENIZER_CONFIG, SPECIAL_TOKENS, VOCAB);

    public ModelDirectory(Path path, String location, EncoderConfig config) {
        this(path, location, config, null);
    }

    /** The same directory, known to be the Hub model {@code id}. */
    public ModelDirectory fromHub(String id) {
        return new ModelDirectory(path, location, config, id);
    }

    public static ModelDirectory open(Path path, String location) {
        return open(path, location, false);
    }

    /**
     * @param previewArchitectures also accept families implemented but not yet selectable end to end
     *     (their tests only; see {@link dev.stellar.finetune.model.arch.Architecture#selectable()})
     */
    public static ModelDirectory open(Path path, String location, boolean previewArchitectures) {
        Path configFile = path.resolve(CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new ConfigurationException(
                    "model",
                    location,
                    "the directory " + path + " has no " + CONFIG,
                    "point <model> at a Hugging Face model directory (config.json, model.safetensors, tokenizer.json)");
        }
        JsonElement json;
        try {
            json = JsonParser.parseString(Files.readString(configFile, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException(
                    "model",
                    location,
                    configFile + " is not valid JSON (" + e.getMessage() + ")",
                    "restore the model's config.json");
        }
        EncoderConfig config = EncoderConfig.parse(json, configFile, location, previewArchitectures);
        if (!Files.isRegularFile(path.resolve(WEIGHTS)) && !Files.isRegularFile(path.resolve(WEIGHTS_INDEX))) {
            boolean pickle = Files.isRegularFile(path.resolve("pytorch_model.bin"));
            throw new ConfigurationException(
                    "model",
                    location,
                    "the directory " + path + " has no " + WEIGHTS
                            + (pickle ? " (only pytorch_model.bin, a pickle this plugin does not execute)" : ""),
                    pickle
                            ? "use a safetensors revision of the model, or convert it with"
                                    + " transformers: model.save_pretrained(dir, safe_serialization=True)"
                            : "add the weights as model.safetensors");
        }
        if (tokenizerSource(path) == null) {
            throw new ConfigurationException(
                    "model",
                    location,
                    "the directory " + path + " has no tokenizer: neither " + TOKENIZER + " nor " + SPM + " nor "
                            + VOCAB,
                    "add the model's tokenizer files (tokenizer.json; or spm.model for a SentencePiece"
                            + " tokenizer, vocab.txt for a WordPiece one)");
        }
        return new ModelDirectory(path, location, config);
    }

    /** The file the model's tokenizer comes from, as it is or converted. */
    public Path tokenizerSource() {
        return tokenizerSource(path);
    }

    /** tokenizer.json, else spm.model, else vocab.txt; {@code null} when there is none of them. */
    private static Path tokenizerSource(Path path) {
        for (String name : List.of(TOKENIZER, SPM, VOCAB)) {
            if (Files.isRegularFile(path.resolve(name))) {
                return path.resolve(name);
            }
        }
        return null;
    }
}
