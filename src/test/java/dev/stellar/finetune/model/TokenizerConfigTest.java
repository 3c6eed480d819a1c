package dev.stellar.finetune.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.testing.TestModels;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tokenizer_config.json and special_tokens_map.json as AutoTokenizer needs them: special tokens checked against
 * what the tokenizer.json itself does when DJL runs it, case and length against what the plugin trained with.
 */
class TokenizerConfigTest {

    private static final JsonObject BERT_CONFIG =
            JsonParser.parseString("{\"pad_token_id\": 0}").getAsJsonObject();

    @TempDir
    Path temp;

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    @Test
    void aPretrainedTokenizerConfigKeepsItsFieldsAndGetsTheTrainedMaxLength() throws Exception {
        Path out = Files.createDirectories(temp.resolve("model"));
        TokenizerConfig.write(TestModels.tinyBert(), out, BERT_CONFIG, 32);

        JsonObject config = json(out.resolve("tokenizer_config.json"));
        JsonObject pretrained = json(TestModels.tinyBert().resolve("tokenizer_config.json"));
        assertEquals(128, pretrained.get("model_max_length").getAsInt(), "the fixture's own budget");
        assertEquals(32, config.get("model_max_length").getAsInt(), "truncation=True cuts where training did");
        assertEquals("BertTokenizer", config.get("tokenizer_class").getAsString(), "the pretrained class is kept");
        assertTrue(config.get("do_lower_case").getAsBoolean());
        assertTrue(
                !config.has("strip_accents") || config.get("strip_accents").isJsonNull(),
                "strip_accents unset, as BertTokenizerFast's default None and the normalizer's null");
        assertTrue(config.get("tokenize_chinese_chars").getAsBoolean());
        Map<String, String> expected = asTokenizerJsonRuns(TestModels.tinyBert().resolve("tokenizer.json"));
        assertEquals(expected, roles(config));
        assertEquals(expected, roles(json(out.resolve("special_tokens_map.json"))));
        assertEquals(
                roles(json(TestModels.tinyBert().resolve("special_tokens_map.json"))),
                expected,
                "the fixture's own special_tokens_map agrees");
    }

    @Test
    void anOnnxImportWithOnlyTokenizerJsonGetsBothFilesFromIt() throws Exception {
        Path tokenizer = Files.createDirectories(temp.resolve("tokenizer"));
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
            Files.copy(in, tokenizer.resolve("tokenizer.json"));
        }
        Path out = Files.createDirectories(temp.resolve("model"));
        TokenizerConfig.write(tokenizer, out, BERT_CONFIG, 64);

        JsonObject config = json(out.resolve("tokenizer_config.json"));
        assertEquals("BertTokenizerFast", config.get("tokenizer_class").getAsString());
        assertTrue(config.get("do_lower_case").getAsBoolean(), "the BertNormalizer lowercases");
        assertEquals(64, config.get("model_max_length").getAsInt());
        assertTrue(config.get("clean_up_tokenization_spaces").getAsBoolean(), "as the WordPiece decoder's cleanup");
        Map<String, String> expected = asTokenizerJsonRuns(tokenizer.resolve("tokenizer.json"));
        assertEquals(
                List.of("unk_token", "sep_token", "pad_token", "cls_token", "mask_token"),
                List.copyOf(expected.keySet()));
        assertEquals(expected, roles(config));
        assertEquals(expected, roles(json(out.resolve("special_tokens_map.json"))));
    }

    @Test
    void aCasedTokenizerJsonOverridesAPretrainedConfigThatSaysLowercaseAndMachinePathsAreDropped() throws Exception {
        Path tokenizer = Files.createDirectories(temp.resolve("tokenizer"));
        JsonObject tokenizerJson = json(TestModels.tinyBert().resolve("tokenizer.json"));
        tokenizerJson.getAsJsonObject("normalizer").addProperty("lowercase", false);
        tokenizerJson.getAsJsonObject("normalizer").addProperty("strip_accents", false);
        Files.writeString(tokenizer.resolve("tokenizer.json"), tokenizerJson.toString());
        JsonObject pretrained = json(TestModels.tinyBert().resolve("tokenizer_config.json"));
        pretrained.addProperty("tokenizer_file", "/home/someone/.cache/bert/tokenizer.json");
        pretrained.addProperty("name_or_path", "/home/someone/bert");
        Files.writeString(tokenizer.resolve("tokenizer_config.json"), pretrained.toString());
        Path out = Files.createDirectories(temp.resolve("model"));
        TokenizerConfig.write(tokenizer, out, BERT_CONFIG, 16);

        JsonObject config = json(out.resolve("tokenizer_config.json"));
        assertFalse(config.get("do_lower_case").getAsBoolean(), "BertTokenizerFast would otherwise lowercase again");
        assertFalse(config.get("strip_accents").getAsBoolean());
        assertFalse(config.has("tokenizer_file"), "a path on another machine would point AutoTokenizer away");
        assertFalse(config.has("name_or_path"));
        assertEquals(asTokenizerJsonRuns(tokenizer.resolve("tokenizer.json")), roles(config));
    }

    @Test
    void pretrainedFilesWithFieldsOfOddTypesAreReadAsFarAsTheyMakeSense() throws Exception {
        Path tokenizer = Files.createDirectories(temp.resolve("odd"));
        Files.copy(TestModels.tinyBert().resolve("tokenizer.json"), tokenizer.resolve("tokenizer.json"));
        Files.writeString(
                tokenizer.resolve("special_tokens_map.json"),
                "{\"mask_token\": {\"content\": {\"x\": 1}}," + " \"cls_token\": [\"[CLS]\"]}");
        Path out = Files.createDirectories(temp.resolve("odd-model"));
        TokenizerConfig.write(tokenizer, out, BERT_CONFIG, 16);
        assertEquals(
                "[MASK]",
                json(out.resolve("tokenizer_config.json")).get("mask_token").getAsString(),
                "a content that is no string is ignored, and the role is found by name");

        Files.writeString(tokenizer.resolve("special_tokens_map.json"), "[\"not\", \"an object\"]");
        var e = assertThrows(FinetuneException.class, () -> TokenizerConfig.write(tokenizer, out, BERT_CONFIG, 16));
        assertTrue(
                e.getMessage().startsWith(tokenizer.resolve("special_tokens_map.json") + " is not a JSON object"),
                e.getMessage());
    }

    /**
     * Each role's token as the tokenizer shows it when run: [CLS] first and [SEP] last around a text, what an
     * unknown word becomes, what padding appends; and the special token that names "mask" and stays whole.
     */
    private static Map<String, String> asTokenizerJsonRuns(Path tokenizerJson) throws Exception {
        Map<String, String> roles = new LinkedHashMap<>();
        try (HuggingFaceTokenizer plain = HuggingFaceTokenizer.builder()
                        .optTokenizerPath(tokenizerJson)
                        .optPadding(false)
                        .optTruncation(false)
                        .build();
                HuggingFaceTokenizer padded = HuggingFaceTokenizer.builder()
                        .optTokenizerPath(tokenizerJson)
                        .optPadToMaxLength()
                        .optMaxLength(8)
                        .optTruncation(true)
                        .build()) {
            String[] framed = plain.encode("hello world").getTokens();
            roles.put("unk_token", plain.encode("\uD83E\uDD9C").getTokens()[1]); // a parrot emoji: not in the vocab
            roles.put("sep_token", framed[framed.length - 1]);
            String[] withPadding = padded.encode("hello").getTokens();
            roles.put("pad_token", withPadding[withPadding.length - 1]);
            roles.put("cls_token", framed[0]);
            Encoding mask = plain.encode("[MASK]");
            assertEquals(
                    3, mask.getTokens().length, "[MASK] stays one (added) token: " + Arrays.toString(mask.getTokens()));
            roles.put("mask_token", mask.getTokens()[1]);
        }
        return roles;
    }

    private static Map<String, String> roles(JsonObject file) {
        Map<String, String> roles = new LinkedHashMap<>();
        for (String role : List.of("unk_token", "sep_token", "pad_token", "cls_token", "mask_token")) {
            if (file.has(role)) {
                roles.put(role, file.get(role).getAsString());
            }
        }
        return roles;
    }

    private static JsonObject json(Path file) throws Exception {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }
}
