package dev.stellar.finetune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.DataSettings;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPreparationTest {

    private static final List<String> WORDS =
            List.of("good", "bad", "film", "plot", "acting", "music", "long", "short", "great", "awful");

    @TempDir
    Path base;

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    private static ModelDirectory tiny() {
        return ModelDirectory.open(TestModels.tinyBert(), "tiny-bert");
    }

    /** Rows "review i ..." labelled positive for even i, negative for odd i; every 7th row is long. */
    private static String csv(int rows) {
        StringBuilder out = new StringBuilder("text,label\n");
        for (int i = 0; i < rows; i++) {
            int words = i % 7 == 6 ? 40 : 3;
            StringBuilder text = new StringBuilder("review " + i);
            for (int w = 0; w < words; w++) {
                text.append(' ').append(WORDS.get((i + w) % WORDS.size()));
            }
            out.append(text)
                    .append(',')
                    .append(i % 2 == 0 ? "positive" : "negative")
                    .append('\n');
        }
        return out.toString();
    }

    private static DataSettings settings(
            String dataset,
            String train,
            String validation,
            String test,
            double validationFraction,
            double testFraction) {
        return new DataSettings(
                dataset,
                Map.of(),
                List.of("text"),
                "label",
                List.of(),
                train,
                validation,
                test,
                validationFraction,
                testFraction,
                16);
    }

    @Test
    void preparesACarvedValidationSplitAndAnUnlabelledTestSplit() throws IOException {
        Path data = Files.createDirectories(base.resolve("src/data"));
        Files.writeString(data.resolve("reviews_train.csv"), csv(40));
        Files.writeString(
                data.resolve("reviews_test.jsonl"),
                "{\"text\": \"hello world\", \"label\": -1}\n" + "{\"text\": \"what a film\", \"label\": -1}\n");
        Files.writeString(data.resolve("notes.md"), "not data");
        Path out = base.resolve("target/finetune/data");
        Files.createDirectories(out);
        Files.writeString(out.resolve("stale.txt"), "from an earlier run");
        RecordingLog log = new RecordingLog();

        PreparedData prepared =
                new DataPreparation(settings("src/data", "train", null, null, 0.1, 0), 42, base, log).run(tiny(), out);

        assertEquals(List.of("negative", "positive"), prepared.labels());
        assertEquals(
                List.of("train", "validation", "test"),
                List.copyOf(prepared.roles().keySet()));
        assertEquals(36, prepared.rows("train"));
        assertEquals(4, prepared.rows("validation"));
        assertEquals(2, prepared.rows("test"));
        RoleStats validation = prepared.roles().get("validation");
        assertEquals(Map.of("negative", 2, "positive", 2), validation.labelCounts());
        assertEquals("carved 10% of train of reviews_train.csv (stratified by label, seed 42)", validation.source());
        assertEquals(
                "train of reviews_train.csv less the rows carved as validation",
                prepared.roles().get("train").source());
        assertEquals("test of reviews_test.jsonl", prepared.roles().get("test").source());
        assertFalse(prepared.roles().get("test").labeled());
        assertTrue(
                prepared.notes().stream()
                        .anyMatch(n -> n.contains("test split is read as unlabelled: every label" + " is -1")),
                prepared.notes().toString());
        assertTrue(
                log.infos.stream()
                        .anyMatch(m -> m.contains("carved 10% of train of reviews_train.csv as validation"
                                + " (4 of 40 rows, stratified by label, seed 42)")),
                log.infos.toString());

        // every 7th row is 40 words long and must be cut to maxLength 16
        int longRows = (int)
                Stream.iterate(0, i -> i + 1).limit(40).filter(i -> i % 7 == 6).count();
        RoleStats train = prepared.roles().get("train");
        RoleStats validationStats = prepared.roles().get("validation");
        assertEquals(longRows, train.truncatedRows() + validationStats.truncatedRows());
        assertEquals(44, train.tokenLengths().max()); // [CLS] review n + 40 words [SEP]
        assertEquals(0, prepared.roles().get("test").truncatedRows());

        // the files, read back
        assertFalse(Files.exists(out.resolve("stale.txt")), "the directory is replaced as a whole");
        for (String name : List.of(
                "train.safetensors",
                "validation.safetensors",
                "test.safetensors",
                "labels.json",
                "stats.json",
                "tokenizer/tokenizer.json",
                "tokenizer/tokenizer_config.json",
                "tokenizer/special_tokens_map.json",
                "tokenizer/vocab.txt")) {
            assertTrue(Files.isRegularFile(out.resolve(name)), name);
        }
        try (Stream<Path> siblings = Files.list(out.getParent())) {
            assertEquals(
                    List.of(".locks", "data"),
                    siblings.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary left; the folder's lock file stays");
        }
        assertEquals(List.of("negative", "positive"), LabelSet.read(out).names());
        EncodedSplit trainSplit = EncodedSplit.read(EncodedSplit.file(out, "train"));
        assertEquals(36, trainSplit.size());
        assertTrue(trainSplit.labeled());
        assertEquals(
                18,
                java.util.Arrays.stream(trainSplit.labels()).filter(l -> l == 1).count());
        for (int r = 0; r < trainSplit.size(); r++) {
            assertTrue(trainSplit.length(r) <= 16);
            assertEquals(101, trainSplit.inputIds()[r][0]);
            assertEquals(102, trainSplit.inputIds()[r][trainSplit.length(r) - 1]);
        }
        EncodedSplit test = EncodedSplit.read(EncodedSplit.file(out, "test"));
        assertFalse(test.labeled());
        assertArrayEquals(new int[] {101, 7592, 2088, 102}, test.inputIds()[0]);
        PreparedData stats = PreparedData.read(out);
        assertEquals(prepared, stats);
        assertEquals(16, stats.maxLength());
        assertTrue(stats.tokenizer().startsWith("tokenizer.json of tiny-bert"), stats.tokenizer());
        assertTrue(
                log.infos.stream()
                        .anyMatch(m -> m.startsWith("Prepared train 36, validation 4, test 2"
                                + " (unlabelled) rows; 2 labels: negative, positive")),
                log.infos.toString());
    }

    @Test
    void slicesExplicitSplitsOfPairs() throws IOException {
        StringBuilder tsv = new StringBuilder("sentence1\tsentence2\tlabel\n");
        for (int i = 0; i < 20; i++) {
            tsv.append("premise ")
                    .append(i)
                    .append("\thypothesis \"")
                    .append(i)
                    .append('\t')
                    .append(i % 3)
                    .append('\n');
        }
        Files.writeString(base.resolve("mnli.tsv"), tsv);
        DataSettings settings = new DataSettings(
                "mnli.tsv",
                Map.of(),
                List.of("sentence1", "sentence2"),
                "label",
                List.of("entailment", "neutral", "contradiction"),
                "train[:75%]",
                "train[75%:]",
                null,
                0.1,
                0,
                32);
        Path out = base.resolve("out");

        PreparedData prepared = new DataPreparation(settings, 1, base, new RecordingLog()).run(tiny(), out);

        assertEquals(
                List.of("train", "validation"), List.copyOf(prepared.roles().keySet()));
        assertEquals(15, prepared.rows("train"));
        assertEquals(5, prepared.rows("validation"));
        assertEquals("train[:75%] of mnli.tsv", prepared.roles().get("train").source());
        assertEquals(List.of("entailment", "neutral", "contradiction"), prepared.labels());
        assertEquals(
                Map.of("entailment", 2, "neutral", 2, "contradiction", 1),
                prepared.roles().get("validation").labelCounts());
        EncodedSplit validation = EncodedSplit.read(EncodedSplit.file(out, "validation"));
        // row 15: "premise 15" / "hypothesis "15" -> [CLS] premise 15 [SEP] hypothesis " 15 [SEP]
        int[] types = validation.tokenTypeIds()[0];
        assertEquals(0, types[0]);
        assertEquals(1, types[types.length - 1]);
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1}, types);
        assertArrayEquals(new int[] {0, 1, 2, 0, 1}, validation.labels());
    }

    @Test
    void usesTheDataSetsValidationSplitUnlessTrainTakesIt() throws IOException {
        Path data = Files.createDirectories(base.resolve("data"));
        Files.writeString(data.resolve("train.csv"), csv(20));
        Files.writeString(data.resolve("validation.csv"), csv(6));
        PreparedData own = new DataPreparation(
                        settings("data", "train", null, null, 0.1, 0.2), 3, base, new RecordingLog())
                .run(tiny(), base.resolve("a"));
        assertEquals(
                "validation of validation.csv", own.roles().get("validation").source());
        assertEquals(6, own.rows("validation"));
        assertEquals(4, own.rows("test")); // 20% of train carved as test, 2 per label
        assertEquals(16, own.rows("train"));

        RecordingLog log = new RecordingLog();
        PreparedData both = new DataPreparation(settings("data", "train+validation", null, null, 0.25, 0), 3, base, log)
                .run(tiny(), base.resolve("b"));
        assertEquals(26, both.rows("train") + both.rows("validation"));
        assertTrue(
                both.roles()
                        .get("validation")
                        .source()
                        .startsWith("carved 25% of train of train.csv + validation" + " of validation.csv"),
                both.roles().get("validation").source());
        assertTrue(log.infos.stream().anyMatch(m -> m.contains("validation split is part of trainSplit")));
    }

    @Test
    void configurationMistakesNameTheirParameter() throws IOException {
        Path data = Files.createDirectories(base.resolve("data"));
        Files.writeString(data.resolve("train.csv"), csv(10));
        Files.writeString(data.resolve("test.csv"), "text\nno labels here\n");
        Path out = base.resolve("out");

        ConfigurationException unknown = assertThrows(
                ConfigurationException.class,
                () -> new DataPreparation(settings("data", "train", "dev", null, 0.1, 0), 1, base, new RecordingLog())
                        .run(tiny(), out));
        assertEquals("validationSplit", unknown.parameter());
        assertTrue(unknown.getMessage().contains("no split named dev (it has train, test)"), unknown.getMessage());

        ConfigurationException unlabelled = assertThrows(
                ConfigurationException.class,
                () -> new DataPreparation(settings("data", "train", "test", null, 0.1, 0), 1, base, new RecordingLog())
                        .run(tiny(), out));
        assertEquals("labelColumn", unlabelled.parameter());
        assertTrue(
                unlabelled.getMessage().contains("has no column 'label' (its columns: 'text')"),
                unlabelled.getMessage());

        ConfigurationException empty = assertThrows(
                ConfigurationException.class,
                () -> new DataPreparation(
                                settings("data", "train[20:]", null, null, 0.1, 0), 1, base, new RecordingLog())
                        .run(tiny(), out));
        assertEquals("trainSplit", empty.parameter());
        assertTrue(empty.getMessage().contains("it selects no rows (train[20:] of train.csv)"), empty.getMessage());

        ConfigurationException noValidation = assertThrows(
                ConfigurationException.class,
                () -> new DataPreparation(settings("data", "train", null, null, 0.0, 0), 1, base, new RecordingLog())
                        .run(tiny(), out));
        assertEquals("validationFraction", noValidation.parameter());
        assertTrue(noValidation.getMessage().contains("leaves validation empty"), noValidation.getMessage());
        Files.writeString(data.resolve("train.csv"), "text,label\nhidden,-1\nlabels,-1\n");
        ConfigurationException hidden = assertThrows(
                ConfigurationException.class,
                () -> new DataPreparation(settings("data", "train", null, null, 0.1, 0), 1, base, new RecordingLog())
                        .run(tiny(), out));
        assertEquals("labelColumn", hidden.parameter());
        assertTrue(
                hidden.getMessage().contains("the training split train has no labels (train: every label is -1"),
                hidden.getMessage());
        assertFalse(Files.exists(out), "nothing is written when preparing fails");
    }

    @Test
    void aTestSplitWithoutLabelColumnIsKeptUnlabelled() throws IOException {
        Path data = Files.createDirectories(base.resolve("data"));
        Files.writeString(data.resolve("train.csv"), csv(10));
        Files.writeString(data.resolve("test.csv"), "text\nno labels here\n");
        PreparedData prepared = new DataPreparation(
                        settings("data", "train", null, null, 0.2, 0), 1, base, new RecordingLog())
                .run(tiny(), base.resolve("out"));
        assertFalse(prepared.roles().get("test").labeled());
        assertEquals(Map.of(), prepared.roles().get("test").labelCounts());
        assertEquals(
                List.of(
                        "The test split is read as unlabelled: it has no column label.",
                        "No validation split in the data set: carved 20% of train of train.csv as validation (2 of 10 rows,"
                                + " stratified by label, seed 1)."),
                prepared.notes());
        assertNull(EncodedSplit.read(EncodedSplit.file(base.resolve("out"), "test"))
                .labels());
    }
}
