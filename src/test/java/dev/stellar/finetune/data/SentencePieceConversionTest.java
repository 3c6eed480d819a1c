package dev.stellar.finetune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.data.spm.SentencePieceModelProto.ModelProto;
import dev.stellar.finetune.data.spm.SentencePieceModelProto.TrainerSpec;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.TokenizerConfig;
import dev.stellar.finetune.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DeBERTa-v3 style model that ships spm.model and no tokenizer.json: the tokenizer.json built from it gives
 * exactly sentencepiece's ids (spm-deberta-v3/golden.json, recorded with sentencepiece itself), framed as
 * {@code [CLS] A [SEP] B [SEP]}, through the encoder prepare-data uses.
 */
class SentencePieceConversionTest {

    private static final int PIECES = 287;

    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    private static final String FIXTURE = "spm-deberta-v3";
    /** Byte fallback, no character map, no dummy prefix: the options DeBERTa-v3 does not use. */
    private static final String BYTE_FALLBACK = FIXTURE + "/byte-fallback";

    /** tiny-bert's config and weights (ids below its 30522) with the fixture's tokenizer files, no tokenizer.json. */
    private ModelDirectory spmModel(String fixture, String... tokenizerFiles) throws Exception {
        Path model = Files.createDirectories(dir.resolve("deberta-v3-like"));
        for (String name : List.of(ModelDirectory.CONFIG, ModelDirectory.WEIGHTS)) {
            Files.createSymbolicLink(model.resolve(name), TestModels.tinyBert().resolve(name));
        }
        for (String name : tokenizerFiles) {
            Files.copy(TestModels.resource(fixture).resolve(name), model.resolve(name));
        }
        return ModelDirectory.open(model, "deberta-v3-like");
    }

    private ModelDirectory fixture(String fixture) throws Exception {
        return spmModel(fixture, "spm.model", "tokenizer_config.json", "special_tokens_map.json");
    }

    private static JsonObject golden(String fixture) throws Exception {
        return JsonParser.parseString(
                        Files.readString(TestModels.resource(fixture).resolve("golden.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    private static int[] ints(JsonElement array) {
        JsonArray values = array.getAsJsonArray();
        int[] ints = new int[values.size()];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = values.get(i).getAsInt();
        }
        return ints;
    }

    private JsonObject generated(ModelDirectory model, Path tokenizer) throws Exception {
        String source = TokenizerFiles.copy(model, tokenizer);
        assertEquals("generated from spm.model of deberta-v3-like", source);
        return JsonParser.parseString(Files.readString(tokenizer.resolve(ModelDirectory.TOKENIZER)))
                .getAsJsonObject();
    }

    @Test
    void theConvertedTokenizerGivesSentencepiecesIdsForEveryGoldenText() throws Exception {
        assertSentencepiecesIds(FIXTURE);
    }

    @Test
    void withByteFallbackUnknownCharactersAreSpelledInBytesAsSentencepieceDoes() throws Exception {
        JsonObject json = assertSentencepiecesIds(BYTE_FALLBACK);
        assertTrue(json.getAsJsonObject("model").get("byte_fallback").getAsBoolean());
        assertEquals(
                "[{\"type\":\"Strip\",\"strip_left\":true,\"strip_right\":true},"
                        + "{\"type\":\"Replace\",\"pattern\":{\"Regex\":\" {2,}\"},\"content\":\" \"}]",
                json.getAsJsonObject("normalizer").get("normalizers").toString(),
                "the identity normalization has no character map");
        assertEquals(
                "never", json.getAsJsonObject("decoder").get("prepend_scheme").getAsString());
    }

    /** @return the tokenizer.json built */
    private JsonObject assertSentencepiecesIds(String fixture) throws Exception {
        ModelDirectory model = fixture(fixture);
        Path tokenizer = dir.resolve("tokenizer");
        JsonObject json = generated(model, tokenizer);
        List<JsonObject> singles = new ArrayList<>();
        List<JsonObject> pairs = new ArrayList<>();
        for (JsonElement c : golden(fixture).getAsJsonArray("cases")) {
            (c.getAsJsonObject().has("pair") ? pairs : singles).add(c.getAsJsonObject());
        }
        assertEquals(16, singles.size());
        assertEquals(4, pairs.size());
        try (SplitEncoder encoder = SplitEncoder.open(tokenizer, 512, model)) {
            EncodedSplit single = encoder.encode(
                            "train",
                            singles.stream()
                                    .map(c -> c.get("text").getAsString())
                                    .toList(),
                            null,
                            null,
                            new RecordingLog())
                    .split();
            EncodedSplit pair = encoder.encode(
                            "train",
                            pairs.stream().map(c -> c.get("text").getAsString()).toList(),
                            pairs.stream().map(c -> c.get("pair").getAsString()).toList(),
                            null,
                            new RecordingLog())
                    .split();
            for (int i = 0; i < singles.size(); i++) {
                String text = singles.get(i).get("text").getAsString();
                assertArrayEquals(ints(singles.get(i).get("input_ids")), single.inputIds()[i], text);
                assertArrayEquals(ints(singles.get(i).get("token_type_ids")), single.tokenTypeIds()[i], text);
            }
            for (int i = 0; i < pairs.size(); i++) {
                String text = pairs.get(i).get("text") + " / " + pairs.get(i).get("pair");
                assertArrayEquals(ints(pairs.get(i).get("input_ids")), pair.inputIds()[i], text);
                assertArrayEquals(ints(pairs.get(i).get("token_type_ids")), pair.tokenTypeIds()[i], text);
            }
        }
        return json;
    }

    @Test
    void theTokenizerJsonHasDebertaV3sShape() throws Exception {
        JsonObject json = generated(fixture(FIXTURE), dir.resolve("tokenizer"));
        JsonObject unigram = json.getAsJsonObject("model");
        assertEquals("Unigram", unigram.get("type").getAsString());
        assertEquals(3, unigram.get("unk_id").getAsInt());
        assertEquals(PIECES, unigram.getAsJsonArray("vocab").size());
        assertEquals(
                "[CLS]",
                unigram.getAsJsonArray("vocab").get(1).getAsJsonArray().get(0).getAsString());
        List<String> added = new ArrayList<>();
        for (JsonElement token : json.getAsJsonArray("added_tokens")) {
            added.add(token.getAsJsonObject().get("id").getAsInt() + " "
                    + token.getAsJsonObject().get("content").getAsString());
        }
        assertEquals(List.of("0 [PAD]", "1 [CLS]", "2 [SEP]", "3 [UNK]", PIECES + " [MASK]"), added);
        List<String> normalizers = new ArrayList<>();
        for (JsonElement step : json.getAsJsonObject("normalizer").getAsJsonArray("normalizers")) {
            normalizers.add(step.getAsJsonObject().get("type").getAsString());
        }
        assertEquals(List.of("Strip", "Precompiled", "Replace"), normalizers);
        JsonObject metaspace = json.getAsJsonObject("pre_tokenizer")
                .getAsJsonArray("pretokenizers")
                .get(0)
                .getAsJsonObject();
        assertEquals("always", metaspace.get("prepend_scheme").getAsString());
        assertEquals(
                "[2]",
                json.getAsJsonObject("post_processor")
                        .getAsJsonObject("special_tokens")
                        .getAsJsonObject("[SEP]")
                        .get("ids")
                        .toString());
    }

    /** deberta-v3-base ships no special_tokens_map.json: DebertaV2Tokenizer's defaults give the same tokenizer. */
    @Test
    void withoutTheSpecialTokensMapTheDefaultsGiveTheSameTokenizer() throws Exception {
        JsonObject full = generated(fixture(FIXTURE), dir.resolve("full"));
        Path bare = dir.resolve("bare");
        Files.createDirectories(bare);
        Path model = Files.createDirectories(bare.resolve("model"));
        for (String name : List.of(ModelDirectory.CONFIG, ModelDirectory.WEIGHTS)) {
            Files.createSymbolicLink(model.resolve(name), TestModels.tinyBert().resolve(name));
        }
        Files.copy(TestModels.resource("spm-deberta-v3").resolve("spm.model"), model.resolve("spm.model"));
        JsonObject defaults = generated(ModelDirectory.open(model, "deberta-v3-like"), bare.resolve("tokenizer"));
        assertEquals(full, defaults);
    }

    @Test
    void lowercasingFromTokenizerConfigComesFirst() throws Exception {
        ModelDirectory model = spmModel(FIXTURE, "spm.model");
        Files.writeString(model.path().resolve(ModelDirectory.TOKENIZER_CONFIG), "{\"do_lower_case\": true}");
        Path tokenizer = dir.resolve("tokenizer");
        JsonObject json = generated(model, tokenizer);
        assertEquals(
                "Lowercase",
                json.getAsJsonObject("normalizer")
                        .getAsJsonArray("normalizers")
                        .get(0)
                        .getAsJsonObject()
                        .get("type")
                        .getAsString());
        try (SplitEncoder encoder = SplitEncoder.open(tokenizer, 64, model)) {
            int[][] ids = encoder.encode("train", List.of("The FILM", "the film"), null, null, new RecordingLog())
                    .split()
                    .inputIds();
            assertEquals(Arrays.toString(ids[1]), Arrays.toString(ids[0]));
        }
    }

    /** The saved model carries the generated tokenizer.json, and its config names the roles transformers needs. */
    @Test
    void theSavedTokenizerConfigNamesDebertasSpecialTokens() throws Exception {
        Path tokenizer = dir.resolve("tokenizer");
        generated(fixture(FIXTURE), tokenizer);
        Path saved = Files.createDirectories(dir.resolve("saved"));
        JsonObject modelConfig = new JsonObject();
        modelConfig.addProperty("pad_token_id", 0);
        TokenizerConfig.write(tokenizer, saved, modelConfig, 128);
        JsonObject config = JsonParser.parseString(Files.readString(saved.resolve(ModelDirectory.TOKENIZER_CONFIG)))
                .getAsJsonObject();
        assertEquals("[UNK]", config.get("unk_token").getAsString());
        assertEquals("[CLS]", config.get("cls_token").getAsString());
        assertEquals("[SEP]", config.get("sep_token").getAsString());
        assertEquals("[PAD]", config.get("pad_token").getAsString());
        assertEquals("[MASK]", config.get("mask_token").getAsString());
        assertEquals("spm", config.get("vocab_type").getAsString());
        assertFalse(config.has("vocab_file"));
    }

    /** An spm.model with more pieces than the model's embeddings is refused naming spm.model, not the copy. */
    @Test
    void aTokenizerWithIdsPastTheEmbeddingsNamesSpmModel() throws Exception {
        ModelDirectory model = fixture(FIXTURE);
        Path config = model.path().resolve(ModelDirectory.CONFIG);
        JsonObject json = JsonParser.parseString(Files.readString(config)).getAsJsonObject();
        json.addProperty("vocab_size", PIECES);
        Files.delete(config); // a link to tiny-bert's
        Files.writeString(config, json.toString());
        ModelDirectory small = ModelDirectory.open(model.path(), "deberta-v3-like");
        Path tokenizer = dir.resolve("tokenizer");
        generated(small, tokenizer);
        var e = assertThrows(ConfigurationException.class, () -> SplitEncoder.open(tokenizer, 64, small));
        assertTrue(
                e.getMessage()
                        .startsWith("Invalid model = deberta-v3-like: its tokenizer "
                                + model.path().resolve("spm.model")
                                + " does not fit the model: it has token id " + PIECES
                                + ", but the model's config.json declares vocab_size " + PIECES),
                e.getMessage());
    }

    @Test
    void aSentencePieceBpeModelIsRefusedNamingTheFileAndTheFix() throws Exception {
        ModelDirectory model = spmModel(FIXTURE, "spm.model");
        Path file = model.path().resolve(ModelDirectory.SPM);
        ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(file));
        Files.write(
                file,
                proto.toBuilder()
                        .setTrainerSpec(proto.getTrainerSpec().toBuilder().setModelType(TrainerSpec.ModelType.BPE))
                        .build()
                        .toByteArray());
        var e = assertThrows(ConfigurationException.class, () -> TokenizerFiles.copy(model, dir.resolve("t")));
        assertEquals(
                "Invalid model = deberta-v3-like: its spm.model is a SentencePiece BPE model; only Unigram models"
                        + " with the whitespace as prefix (as DeBERTa-v3's) are converted. Fix: add the model's"
                        + " tokenizer.json (in Python: AutoTokenizer.from_pretrained(model).save_pretrained(dir)"
                        + " writes one)",
                e.getMessage());
    }

    @Test
    void aFileThatIsNoSentencePieceModelIsRefused() throws Exception {
        ModelDirectory model = spmModel(FIXTURE, "spm.model");
        Files.writeString(model.path().resolve(ModelDirectory.SPM), "not a protobuf \u00ff\u00ff\u00ff");
        var e = assertThrows(ConfigurationException.class, () -> TokenizerFiles.copy(model, dir.resolve("t")));
        assertTrue(
                e.getMessage()
                        .startsWith("Invalid model = deberta-v3-like: its spm.model is not a SentencePiece model"),
                e.getMessage());
    }
}
