package dev.stellar.finetune.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.io.AtomicFiles;
import dev.stellar.finetune.model.ModelDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the model's tokenizer files beside the encoded splits, so training and evaluation use exactly the
 * tokenizer the data was encoded with. A model without tokenizer.json gets one built the way transformers
 * builds it: from spm.model (SentencePiece, as DeBERTa-v3 ships it) by {@link SentencePieceConversion}, else
 * from vocab.txt as BertTokenizerFast would (BertNormalizer, BertPreTokenizer, WordPiece, [CLS] A [SEP] B
 * [SEP] template).
 */
final class TokenizerFiles {

    static final String CONFIG = ModelDirectory.TOKENIZER_CONFIG;
    static final String SPECIAL_TOKENS = ModelDirectory.SPECIAL_TOKENS;
    private static final List<String> COPIED = ModelDirectory.TOKENIZER_FILES;

    private TokenizerFiles() {}

    /**
     * Copies (or generates) the tokenizer files into {@code target}.
     *
     * @return where tokenizer.json came from, for stats.json
     */
    static String copy(ModelDirectory model, Path target) throws IOException {
        Files.createDirectories(target);
        for (String name : COPIED) {
            Path file = model.path().resolve(name);
            if (Files.isRegularFile(file)) {
                Files.copy(file, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (Files.isRegularFile(target.resolve(ModelDirectory.TOKENIZER))) {
            return ModelDirectory.TOKENIZER + " of " + model.location();
        }
        JsonObject config = readObject(model, target.resolve(CONFIG));
        JsonObject special = readObject(model, target.resolve(SPECIAL_TOKENS));
        Path spm = model.path().resolve(ModelDirectory.SPM);
        if (Files.isRegularFile(spm)) {
            JsonObject json = SentencePieceConversion.fromSpm(model, spm, config, special);
            AtomicFiles.writeString(target.resolve(ModelDirectory.TOKENIZER), json.toString());
            return "generated from " + ModelDirectory.SPM + " of " + model.location();
        }
        boolean lowercase = TokenizerJson.flag(config, "do_lower_case", true);
        JsonObject json = fromVocab(model, target.resolve(ModelDirectory.VOCAB), config, special);
        AtomicFiles.writeString(target.resolve(ModelDirectory.TOKENIZER), json.toString());
        return "generated from " + ModelDirectory.VOCAB + " of " + model.location() + " (lowercase " + lowercase + ")";
    }

    /** The tokenizer.json of a standard BERT WordPiece tokenizer over the given vocabulary. */
    static JsonObject fromVocab(ModelDirectory model, Path vocabFile, JsonObject config, JsonObject special)
            throws IOException {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(vocabFile, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            vocab.put(lines.get(i), i); // as transformers' load_vocab: a later duplicate wins
        }
        String unk = token(model, vocab, config, special, "unk_token", "[UNK]");
        String cls = token(model, vocab, config, special, "cls_token", "[CLS]");
        String sep = token(model, vocab, config, special, "sep_token", "[SEP]");
        String pad = token(model, vocab, config, special, "pad_token", "[PAD]");
        String mask = token(model, vocab, config, special, "mask_token", "[MASK]");

        JsonObject json = TokenizerJson.empty();
        JsonArray added = new JsonArray();
        for (String token : new String[] {pad, unk, cls, sep, mask}) {
            if (token != null) {
                added.add(TokenizerJson.addedToken(vocab.get(token), token, true));
            }
        }
        json.add("added_tokens", added);

        boolean lowercase = TokenizerJson.flag(config, "do_lower_case", true);
        JsonObject normalizer = new JsonObject();
        normalizer.addProperty("type", "BertNormalizer");
        normalizer.addProperty("clean_text", true);
        normalizer.addProperty("handle_chinese_chars", TokenizerJson.flag(config, "tokenize_chinese_chars", true));
        JsonElement stripAccents = config.get("strip_accents");
        normalizer.add("strip_accents", stripAccents == null || stripAccents.isJsonNull() ? null : stripAccents);
        normalizer.addProperty("lowercase", lowercase);
        json.add("normalizer", normalizer);

        JsonObject preTokenizer = new JsonObject();
        preTokenizer.addProperty("type", "BertPreTokenizer");
        json.add("pre_tokenizer", preTokenizer);

        json.add("post_processor", TokenizerJson.clsSepTemplate(cls, sep, vocab));

        JsonObject decoder = new JsonObject();
        decoder.addProperty("type", "WordPiece");
        decoder.addProperty("prefix", "##");
        decoder.addProperty("cleanup", true);
        json.add("decoder", decoder);

        JsonObject wordPiece = new JsonObject();
        wordPiece.addProperty("type", "WordPiece");
        wordPiece.addProperty("unk_token", unk);
        wordPiece.addProperty("continuing_subword_prefix", "##");
        wordPiece.addProperty("max_input_chars_per_word", 100);
        JsonObject vocabJson = new JsonObject();
        vocab.forEach(vocabJson::addProperty);
        wordPiece.add("vocab", vocabJson);
        json.add("model", wordPiece);
        return json;
    }

    /**
     * A special token named by tokenizer_config.json or special_tokens_map.json (as a string or
     * {"content": ...}), else the BERT default. [CLS], [SEP] and [UNK] must be in the vocabulary; the
     * others are left out when they are not.
     */
    private static String token(
            ModelDirectory model,
            Map<String, Integer> vocab,
            JsonObject config,
            JsonObject special,
            String key,
            String fallback) {
        String token = TokenizerJson.configuredToken(model, config, special, key, fallback);
        if (!vocab.containsKey(token)) {
            if (key.equals("pad_token") || key.equals("mask_token")) {
                return null;
            }
            throw new ConfigurationException(
                    "model",
                    model.location(),
                    "its " + ModelDirectory.VOCAB + " lacks the " + key + " " + token,
                    "use the model's original vocab.txt, or add its tokenizer.json");
        }
        return token;
    }

    private static JsonObject readObject(ModelDirectory model, Path file) {
        if (!Files.isRegularFile(file)) {
            return new JsonObject();
        }
        try {
            JsonElement json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!json.isJsonObject()) {
                throw new ConfigurationException(
                        "model",
                        model.location(),
                        file.getFileName() + " is not a JSON" + " object",
                        "restore the model's " + file.getFileName());
            }
            return json.getAsJsonObject();
        } catch (IOException e) {
            throw new FinetuneException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof ConfigurationException c) {
                throw c;
            }
            throw new ConfigurationException(
                    "model",
                    model.location(),
                    file.getFileName() + " is not valid JSON",
                    "restore the model's " + file.getFileName());
        }
    }
}
