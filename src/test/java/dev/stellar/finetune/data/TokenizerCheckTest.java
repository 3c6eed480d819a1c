package dev.stellar.finetune.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tokenizer.json that does not fit the model is refused, naming the file, before the native tokenizer
 * meets it: on the old code the first case aborted the test JVM (exit 134, a Rust panic) and the id cases
 * went on to the engine.
 */
class TokenizerCheckTest {

    /** A character bert-base-uncased's vocabulary lacks, so WordPiece needs its unknown token. */
    private static final String UNKNOWN = "a parrot \uD83E\uDD9C";

    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    private static JsonObject json(Path file) throws Exception {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    /** The tiny model's config.json with some keys changed. */
    static EncoderConfig config(Consumer<JsonObject> change) throws Exception {
        Path file = TestModels.tinyBert().resolve("config.json");
        JsonObject config = json(file);
        change.accept(config);
        return EncoderConfig.parse(config, file, "tiny-bert");
    }

    /** The tiny model's tokenizer.json with some part changed, written into a folder of its own. */
    private Path tokenizer(Consumer<JsonObject> change) throws Exception {
        JsonObject tokenizer = json(TestModels.tinyBert().resolve("tokenizer.json"));
        change.accept(tokenizer);
        Path folder = Files.createDirectories(dir.resolve("tokenizer-" + System.nanoTime()));
        Files.writeString(folder.resolve("tokenizer.json"), tokenizer.toString());
        return folder;
    }

    private static String refused(Path folder, EncoderConfig config, List<String> texts, List<String> pairs) {
        var e = assertThrows(ConfigurationException.class, () -> {
            try (SplitEncoder encoder = SplitEncoder.open(folder, 16, config, "model", "tiny-bert")) {
                encoder.encode("train", texts, pairs, null, new RecordingLog());
            }
        });
        String message = e.getMessage();
        assertTrue(
                message.startsWith("Invalid model = tiny-bert: its tokenizer " + folder.resolve("tokenizer.json")
                        + " does not fit the model: "),
                message);
        assertTrue(message.contains(". Fix: "), message);
        return message;
    }

    @Test
    void anUnknownTokenMissingFromTheVocabularyIsRefusedInsteadOfAbortingTheJvm() throws Exception {
        Path folder = tokenizer(
                t -> t.getAsJsonObject("model").getAsJsonObject("vocab").remove("[UNK]"));
        String message = refused(folder, config(c -> {}), List.of(UNKNOWN), null);
        assertTrue(
                message.contains("its WordPiece model's unk_token \"[UNK]\" is not in its vocabulary"
                        + " (\"model.vocab\"), so the first character it does not know would abort the tokenizer. Fix: add"
                        + " the unknown token to the vocabulary in tokenizer.json"),
                message);
    }

    @Test
    void tokenIdsBeyondTheModelsVocabularyAreRefused() throws Exception {
        String message =
                refused(tokenizer(t -> {}), config(c -> c.addProperty("vocab_size", 1000)), List.of("hello"), null);
        assertTrue(
                message.contains("it has token id 30521, but the model's config.json declares vocab_size 1000"
                        + " (ids 0 to 999)"),
                message);
    }

    @Test
    void anAddedTokenBeyondTheModelsVocabularyIsRefused() throws Exception {
        Path folder = tokenizer(t -> {
            JsonObject extra = new JsonObject();
            extra.addProperty("id", 30522);
            extra.addProperty("content", "[NEW]");
            extra.addProperty("special", true);
            t.getAsJsonArray("added_tokens").add(extra);
        });
        String message = refused(folder, config(c -> {}), List.of("hello"), null);
        assertTrue(
                message.contains("it has token id 30522, but the model's config.json declares vocab_size 30522"),
                message);
    }

    @Test
    void typeIdsBeyondTheModelsTypeVocabularyAreRefused() throws Exception {
        String message = refused(
                tokenizer(t -> {}),
                config(c -> c.addProperty("type_vocab_size", 1)),
                List.of("first"),
                List.of("second"));
        assertTrue(
                message.contains("its post_processor's pair template gives type id 1, but the model's config.json"
                        + " declares type_vocab_size 1"),
                message);
    }

    @Test
    void aSpecialTokenIdBeyondTheVocabularyIsRefused() throws Exception {
        Path folder = tokenizer(t -> {
            JsonArray ids = new JsonArray();
            ids.add(99_999);
            t.getAsJsonObject("post_processor")
                    .getAsJsonObject("special_tokens")
                    .getAsJsonObject("[CLS]")
                    .add("ids", ids);
        });
        String message = refused(folder, config(c -> {}), List.of("hello"), null);
        assertTrue(
                message.contains("the post_processor's special token \"[CLS]\" has id 99999, but the model's"
                        + " config.json declares vocab_size 30522"),
                message);
    }

    @Test
    void structuralSurprisesAreRefusedNamingTheFile() throws Exception {
        EncoderConfig config = config(c -> {});
        assertTrue(refused(tokenizer(t -> t.add("model", JsonParser.parseString("[1]"))), config, List.of("x"), null)
                .contains("\"model\" is [1] where a JSON object was expected"));
        assertTrue(refused(
                        tokenizer(t -> t.getAsJsonObject("model").addProperty("type", "Magic")),
                        config,
                        List.of("x"),
                        null)
                .contains("its model type \"Magic\" is not one of WordPiece, WordLevel, BPE and" + " Unigram"));
        assertTrue(refused(
                        tokenizer(t -> t.getAsJsonObject("model")
                                .getAsJsonObject("vocab")
                                .addProperty("hello", 7.5)),
                        config,
                        List.of("x"),
                        null)
                .contains("model.vocab[\"hello\"] is 7.5, not a whole number"));
        Path notJson = Files.createDirectories(dir.resolve("not-json"));
        Files.writeString(notJson.resolve("tokenizer.json"), "{\"model\": ");
        assertTrue(refused(notJson, config, List.of("x"), null).contains("it is not valid JSON"));
        Path unigram = tokenizer(t -> {
            JsonObject model = new JsonObject();
            model.addProperty("type", "Unigram");
            model.add("vocab", JsonParser.parseString("[[\"a\", -1.0], [\"b\", -2.0]]"));
            t.add("model", model);
        });
        assertTrue(refused(unigram, config, List.of("x"), null).contains("its Unigram model has no unk_id"));
    }

    @Test
    void everyEncodedIdIsCheckedBeforeItReachesTheEngine() {
        Path file = dir.resolve("tokenizer.json");
        TokenizerCheck check = new TokenizerCheck(file, file, 100, 2, "model", "tiny-bert");
        check.checkIds(new long[] {0, 99}, new long[] {0, 1}, 0);
        var e = assertThrows(
                ConfigurationException.class, () -> check.checkIds(new long[] {101, 7}, new long[] {0, 0}, 4));
        assertEquals(
                "Invalid model = tiny-bert: its tokenizer " + dir.resolve("tokenizer.json") + " does not fit the"
                        + " model: it encoded row 5 to token id 101, outside the model's vocabulary (config.json vocab_size"
                        + " 100). Fix: use the tokenizer.json that was saved with this model",
                e.getMessage());
        var types = assertThrows(ConfigurationException.class, () -> check.checkIds(new long[] {1}, new long[] {2}, 0));
        assertTrue(
                types.getMessage()
                        .contains("it encoded row 1 with token type id 2, outside the model's" + " type_vocab_size 2"),
                types.getMessage());
    }

    @Test
    void theTestModelsOwnTokenizerPasses() throws Exception {
        try (SplitEncoder encoder = SplitEncoder.open(tokenizer(t -> {}), 16, config(c -> {}), "model", "tiny-bert")) {
            assertEquals(
                    1,
                    encoder.encode("train", List.of(UNKNOWN), List.of("b"), null, new RecordingLog())
                            .split()
                            .size());
        }
    }
}
