package dev.stellar.finetune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitEncoderTest {

    private static final int CLS = 101;
    private static final int SEP = 102;

    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    private static ModelDirectory tiny() {
        return ModelDirectory.open(TestModels.tinyBert(), "tiny-bert");
    }

    private SplitEncoder encoder(int maxLength) throws Exception {
        Path tokenizer = dir.resolve("tokenizer-" + maxLength);
        TokenizerFiles.copy(tiny(), tokenizer);
        return SplitEncoder.open(tokenizer, maxLength, tiny());
    }

    @Test
    void encodesSingleTextsWithTheModelsTokenizer() throws Exception {
        try (SplitEncoder encoder = encoder(16)) {
            SplitEncoder.Result result = encoder.encode(
                    "train", List.of("hello world", "Hello, World!"), null, new int[] {1, 0}, new RecordingLog());
            EncodedSplit split = result.split();
            assertArrayEquals(new int[] {CLS, 7592, 2088, SEP}, split.inputIds()[0]);
            assertArrayEquals(new int[] {CLS, 7592, 1010, 2088, 999, SEP}, split.inputIds()[1]);
            assertArrayEquals(new int[] {0, 0, 0, 0}, split.tokenTypeIds()[0]);
            assertArrayEquals(new int[] {1, 0}, split.labels());
            assertArrayEquals(new int[] {4, 6}, result.lengths());
            assertEquals(0, result.truncated());
        }
    }

    @Test
    void encodesPairsWithTokenTypes() throws Exception {
        try (SplitEncoder encoder = encoder(32)) {
            EncodedSplit split = encoder.encode(
                            "validation", List.of("hello world"), List.of("good morning"), null, new RecordingLog())
                    .split();
            assertArrayEquals(new int[] {CLS, 7592, 2088, SEP, 2204, 2851, SEP}, split.inputIds()[0]);
            assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1}, split.tokenTypeIds()[0]);
            assertNull(split.labels());
        }
    }

    @Test
    void truncatesOnlyTheLongRowsAndReportsTheirWholeLength() throws Exception {
        String longText = String.join(" ", Collections.nCopies(20, "hello"));
        try (SplitEncoder encoder = encoder(8)) {
            SplitEncoder.Result single =
                    encoder.encode("train", List.of("hello world", longText), null, null, new RecordingLog());
            assertArrayEquals(new int[] {4, 22}, single.lengths());
            assertEquals(1, single.truncated());
            assertArrayEquals(
                    new int[] {CLS, 7592, 7592, 7592, 7592, 7592, 7592, SEP},
                    single.split().inputIds()[1]);

            // longest first: the long second text loses tokens until both fit in 8
            SplitEncoder.Result pair =
                    encoder.encode("train", List.of("hello world"), List.of(longText), null, new RecordingLog());
            assertArrayEquals(new int[] {25}, pair.lengths());
            assertEquals(1, pair.truncated());
            assertArrayEquals(
                    new int[] {CLS, 7592, 2088, SEP, 7592, 7592, 7592, SEP},
                    pair.split().inputIds()[0]);
            assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1}, pair.split().tokenTypeIds()[0]);
        }
    }

    @Test
    void reportsProgressPerChunk() throws Exception {
        List<String> texts = new ArrayList<>(Collections.nCopies(SplitEncoder.CHUNK + 10, "hello world"));
        RecordingLog log = new RecordingLog();
        try (SplitEncoder encoder = encoder(16)) {
            SplitEncoder.Result result = encoder.encode("train", texts, null, null, log);
            assertEquals(texts.size(), result.split().size());
        }
        assertEquals(2, log.progress.size());
        assertEquals(SplitEncoder.CHUNK + 10, log.progress.get(1).done());
        assertEquals("tokenizing train", log.progress.get(1).task());
    }

    @Test
    void aVocabularyAloneGivesTheSameTokenizerAsTokenizerJson() throws Exception {
        Path model = Files.createDirectories(dir.resolve("vocab-only"));
        Files.copy(TestModels.tinyBert().resolve("vocab.txt"), model.resolve("vocab.txt"));
        Files.copy(TestModels.tinyBert().resolve("tokenizer_config.json"), model.resolve("tokenizer_config.json"));
        Path generated = dir.resolve("generated");
        String source = TokenizerFiles.copy(new ModelDirectory(model, "vocab-only", null), generated);
        assertTrue(source.startsWith("generated from vocab.txt"), source);
        assertTrue(Files.isRegularFile(generated.resolve("vocab.txt")));
        assertFalse(Files.exists(generated.resolve("special_tokens_map.json")));

        List<String> samples = List.of(
                "hello world",
                "Café déjà vu, naïve résumé!",
                "東京 is big",
                "unbelievably antidisestablishmentarianism",
                "tabs\tand\nnewlines",
                "emoji 🙂 ok",
                String.join("", Collections.nCopies(120, "a")));
        Path reference = dir.resolve("reference");
        TokenizerFiles.copy(tiny(), reference);
        try (HuggingFaceTokenizer expected = HuggingFaceTokenizer.builder()
                        .optTokenizerPath(reference)
                        .optTruncation(false)
                        .optPadding(false)
                        .build();
                HuggingFaceTokenizer actual = HuggingFaceTokenizer.builder()
                        .optTokenizerPath(generated)
                        .optTruncation(false)
                        .optPadding(false)
                        .build()) {
            for (String sample : samples) {
                assertEquals(
                        Arrays.toString(expected.encode(sample).getIds()),
                        Arrays.toString(actual.encode(sample).getIds()),
                        sample);
                assertEquals(
                        Arrays.toString(expected.encode(sample, "second part").getTypeIds()),
                        Arrays.toString(actual.encode(sample, "second part").getTypeIds()),
                        sample);
            }
            assertEquals(
                    expected.decode(expected.encode(samples.get(1)).getIds(), true),
                    actual.decode(actual.encode(samples.get(1)).getIds(), true));
        }
    }

    @Test
    void aCasedVocabularyKeepsCase() throws Exception {
        Path model = Files.createDirectories(dir.resolve("cased"));
        Files.copy(TestModels.tinyBert().resolve("vocab.txt"), model.resolve("vocab.txt"));
        Files.writeString(model.resolve("tokenizer_config.json"), "{\"do_lower_case\": false}");
        TokenizerFiles.copy(new ModelDirectory(model, "cased", null), dir.resolve("cased-tokenizer"));
        assertFalse(JsonParser.parseString(Files.readString(dir.resolve("cased-tokenizer/tokenizer.json")))
                .getAsJsonObject()
                .getAsJsonObject("normalizer")
                .get("lowercase")
                .getAsBoolean());
        try (SplitEncoder encoder =
                SplitEncoder.open(dir.resolve("cased-tokenizer"), 16, tiny().config(), "model", "cased")) {
            int[] ids = encoder.encode("train", List.of("Hello"), null, null, new RecordingLog())
                    .split()
                    .inputIds()[0];
            assertFalse(Arrays.equals(new int[] {CLS, 7592, SEP}, ids), Arrays.toString(ids));
        }
    }

    @Test
    void aSpecialTokenWhoseContentIsNoStringIsRefusedNamingTheFile() throws Exception {
        Path model = Files.createDirectories(dir.resolve("odd-content"));
        Files.copy(TestModels.tinyBert().resolve("vocab.txt"), model.resolve("vocab.txt"));
        Files.writeString(model.resolve("tokenizer_config.json"), "{\"unk_token\": {\"content\": {\"x\": 1}}}");
        var e = assertThrows(
                ConfigurationException.class,
                () -> TokenizerFiles.copy(new ModelDirectory(model, "odd", null), dir.resolve("odd-tokenizer")));
        assertEquals(
                "Invalid model = odd: the unk_token of its tokenizer_config.json has a content that is {\"x\":1}"
                        + " where a string was expected. Fix: restore the model's tokenizer files",
                e.getMessage());
    }

    @Test
    void tokenLengthPercentiles() {
        int[] lengths = new int[100];
        for (int i = 0; i < 100; i++) {
            lengths[i] = 100 - i; // 1..100, shuffled order does not matter
        }
        assertEquals(new TokenLengths(50, 90, 95, 99, 100), TokenLengths.of(lengths));
        assertEquals(new TokenLengths(7, 7, 7, 7, 7), TokenLengths.of(new int[] {7}));
        assertEquals(new TokenLengths(0, 0, 0, 0, 0), TokenLengths.of(new int[0]));
    }
}
