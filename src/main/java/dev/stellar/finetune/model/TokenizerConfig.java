package dev.stellar.finetune.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * tokenizer_config.json and special_tokens_map.json of a saved model, so that transformers'
 * {@code AutoTokenizer.from_pretrained(dir)} builds the tokenizer the model was trained with. AutoTokenizer
 * takes the class from {@code tokenizer_class} and passes the other keys to its constructor. Two of them
 * change what it encodes: BertTokenizerFast rebuilds tokenizer.json's normalizer when {@code do_lower_case},
 * {@code strip_accents} or {@code tokenize_chinese_chars} differ from it (and defaults do_lower_case to
 * true), and {@code truncation=True} cuts to {@code model_max_length}. So those come from tokenizer.json and
 * training, never from defaults. The pretrained model's own fields are kept; paths transformers drops when
 * it saves are dropped here too.
 */
public final class TokenizerConfig {

    /** The special-token roles BERT's tokenizers know, as the keys transformers saves them under. */
    static final List<String> ROLES = List.of("unk_token", "sep_token", "pad_token", "cls_token", "mask_token");

    private static final List<String> MACHINE_PATHS =
            List.of("vocab_file", "tokenizer_file", "name_or_path", "special_tokens_map_file");

    private TokenizerConfig() {}

    /**
     * Writes both files into {@code target} from the tokenizer files in {@code tokenizerDirectory}.
     *
     * @param modelConfig the model's config.json ({@code pad_token_id} names the padding token)
     * @param maxLength the token budget the model was trained with
     */
    public static void write(Path tokenizerDirectory, Path target, JsonObject modelConfig, int maxLength)
            throws IOException {
        JsonObject tokenizer = read(tokenizerDirectory.resolve(ModelDirectory.TOKENIZER));
        JsonObject config = readIfPresent(tokenizerDirectory.resolve(ModelDirectory.TOKENIZER_CONFIG));
        JsonObject specialMap = readIfPresent(tokenizerDirectory.resolve(ModelDirectory.SPECIAL_TOKENS));
        try {
            write(tokenizer, config, specialMap, target, modelConfig, maxLength);
        } catch (FinetuneException e) {
            throw e;
        } catch (RuntimeException e) {
            // A field of an unexpected type in one of the three files (each is checked as a whole above).
            throw new FinetuneException(
                    "The tokenizer files " + ModelDirectory.TOKENIZER + ", "
                            + ModelDirectory.TOKENIZER_CONFIG + " and " + ModelDirectory.SPECIAL_TOKENS + " in "
                            + tokenizerDirectory + " hold a field of an unexpected type (" + e
                            + "). Fix: use the model's"
                            + " original tokenizer files and run mvn finetune:prepare-data again.",
                    e);
        }
    }

    private static void write(
            JsonObject tokenizer,
            JsonObject config,
            JsonObject specialMap,
            Path target,
            JsonObject modelConfig,
            int maxLength)
            throws IOException {
        Map<String, String> special = specialTokens(tokenizer, modelConfig, config, specialMap);

        MACHINE_PATHS.forEach(config::remove);
        if (!config.has("tokenizer_class")) {
            config.addProperty(
                    "tokenizer_class", isBertWordPiece(tokenizer) ? "BertTokenizerFast" : "PreTrainedTokenizerFast");
        }
        JsonObject normalizer = object(tokenizer, "normalizer");
        if (normalizer != null && "BertNormalizer".equals(string(normalizer, "type"))) {
            config.add("do_lower_case", normalizer.get("lowercase"));
            config.add("strip_accents", normalizer.get("strip_accents"));
            config.add("tokenize_chinese_chars", normalizer.get("handle_chinese_chars"));
        }
        special.forEach(config::addProperty);
        config.addProperty("model_max_length", maxLength);
        if (!config.has("clean_up_tokenization_spaces")) {
            // BERT's WordPiece decoder joins "word ." as "word."; transformers' own cleanup does the same.
            JsonObject decoder = object(tokenizer, "decoder");
            config.addProperty(
                    "clean_up_tokenization_spaces",
                    decoder != null
                            && decoder.has("cleanup")
                            && decoder.get("cleanup").getAsBoolean());
        }
        special.forEach(specialMap::addProperty);
        Files.writeString(target.resolve(ModelDirectory.TOKENIZER_CONFIG), Json.pretty(config) + "\n");
        Files.writeString(target.resolve(ModelDirectory.SPECIAL_TOKENS), Json.pretty(specialMap) + "\n");
    }

    /**
     * Each role's token as tokenizer.json records it: unk in the WordPiece model, cls and sep in the
     * post-processor, pad in the padding section or as config.json's pad_token_id. What tokenizer.json does
     * not say (mask always) comes from the pretrained files when that token is one of tokenizer.json's special
     * tokens, else from the special token that names the role ([MASK], &lt;mask&gt;). A role with no token is left out.
     */
    static Map<String, String> specialTokens(
            JsonObject tokenizer, JsonObject modelConfig, JsonObject pretrainedConfig, JsonObject pretrainedMap) {
        Map<Integer, String> added = new LinkedHashMap<>();
        JsonArray addedTokens = tokenizer.getAsJsonArray("added_tokens");
        if (addedTokens != null) {
            for (JsonElement e : addedTokens) {
                JsonObject token = e.getAsJsonObject();
                if (token.has("special") && token.get("special").getAsBoolean()) {
                    added.put(token.get("id").getAsInt(), token.get("content").getAsString());
                }
            }
        }
        Map<String, String> roles = new LinkedHashMap<>();
        JsonObject model = object(tokenizer, "model");
        put(roles, "unk_token", model == null ? null : string(model, "unk_token"));
        JsonObject post = object(tokenizer, "post_processor");
        put(roles, "cls_token", post == null ? null : framingToken(post, "cls", 0));
        put(roles, "sep_token", post == null ? null : framingToken(post, "sep", -1));
        JsonObject padding = object(tokenizer, "padding");
        JsonElement padId = modelConfig.get("pad_token_id");
        put(
                roles,
                "pad_token",
                padding != null
                        ? string(padding, "pad_token")
                        : padId != null && padId.isJsonPrimitive() ? added.get(padId.getAsInt()) : null);
        for (String role : ROLES) {
            if (!roles.containsKey(role)) {
                put(
                        roles,
                        role,
                        named(pretrainedMap, role)
                                .or(() -> named(pretrainedConfig, role))
                                .filter(added::containsValue)
                                .orElseGet(() -> byName(added, role)));
            }
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        ROLES.stream().filter(roles::containsKey).forEach(role -> ordered.put(role, roles.get(role)));
        return ordered;
    }

    /** A BERT tokenizer.json (WordPiece behind BertNormalizer), which transformers loads as BertTokenizerFast. */
    static boolean isBertWordPiece(JsonObject tokenizer) {
        JsonObject model = object(tokenizer, "model");
        JsonObject normalizer = object(tokenizer, "normalizer");
        return model != null
                && "WordPiece".equals(string(model, "type"))
                && normalizer != null
                && "BertNormalizer".equals(string(normalizer, "type"));
    }

    /**
     * The token a post-processor puts first ({@code index} 0) or last (-1) around a single sequence:
     * TemplateProcessing's {@code single} template, or BertProcessing's {@code cls}/{@code sep} pair.
     */
    private static String framingToken(JsonObject post, String bertKey, int index) {
        if (post.has(bertKey) && post.get(bertKey).isJsonArray()) {
            return post.getAsJsonArray(bertKey).get(0).getAsString();
        }
        JsonArray single = post.getAsJsonArray("single");
        if (single == null || single.isEmpty()) {
            return null;
        }
        JsonObject piece = single.get(index < 0 ? single.size() + index : index).getAsJsonObject();
        JsonObject special = object(piece, "SpecialToken");
        return special == null ? null : string(special, "id");
    }

    /** A role as transformers saves it: a string, or an AddedToken object with its content. */
    private static Optional<String> named(JsonObject file, String role) {
        JsonElement value = file.get(role);
        if (value != null && value.isJsonObject()) {
            value = value.getAsJsonObject().get("content");
        }
        return value != null && value.isJsonPrimitive() ? Optional.of(value.getAsString()) : Optional.empty();
    }

    /** The one special token whose text names the role: "mask" in [MASK] or &lt;mask&gt;. */
    private static String byName(Map<Integer, String> added, String role) {
        String word = role.substring(0, role.indexOf('_'));
        List<String> matches = added.values().stream()
                .filter(token -> token.replaceAll("[^A-Za-z]", "")
                        .toLowerCase(Locale.ROOT)
                        .equals(word))
                .toList();
        return matches.size() == 1 ? matches.get(0) : null;
    }

    private static void put(Map<String, String> roles, String role, String token) {
        if (token != null) {
            roles.put(role, token);
        }
    }

    private static JsonObject object(JsonObject json, String key) {
        JsonElement value = json.get(key);
        return value != null && value.isJsonObject() ? value.getAsJsonObject() : null;
    }

    private static String string(JsonObject json, String key) {
        JsonElement value = json.get(key);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
    }

    private static JsonObject read(Path file) throws IOException {
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (RuntimeException e) {
            throw new FinetuneException(
                    file + " is not a JSON object (" + e.getMessage() + "). Fix: run mvn"
                            + " finetune:prepare-data again to restore the tokenizer files.",
                    e);
        }
    }

    private static JsonObject readIfPresent(Path file) throws IOException {
        return Files.isRegularFile(file) ? read(file) : new JsonObject();
    }
}
