package dev.stellar.finetune.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.DataSettings;
import dev.stellar.finetune.log.RecordingLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitDiscoveryTest {

    @TempDir
    Path base;

    @Test
    void exactNamesAndKeywordsNameSplits() {
        assertEquals("train", SplitDiscovery.splitOf("train"));
        assertEquals("validation", SplitDiscovery.splitOf("validation"));
        assertEquals("unsupervised", SplitDiscovery.splitOf("unsupervised"));
        assertEquals("validation", SplitDiscovery.splitOf("dev"));
        assertEquals("test", SplitDiscovery.splitOf("eval"));
        assertEquals("train", SplitDiscovery.splitOf("train-00000-of-00002"));
        assertEquals("unsupervised", SplitDiscovery.splitOf("unsupervised-00001-of-00002"));
        assertEquals("train", SplitDiscovery.splitOf("uci_sentiment_train"));
        assertEquals("train", SplitDiscovery.splitOf("my-training.part1"));
        assertEquals("validation", SplitDiscovery.splitOf("imdb val 2"));
        assertEquals("validation", SplitDiscovery.splitOf("dev3"));
        assertEquals("test", SplitDiscovery.splitOf("2024_testing"));
        // keywords must be delimited: "trainer" and "contest" name nothing
        assertNull(SplitDiscovery.splitOf("trainer_notes"));
        assertNull(SplitDiscovery.splitOf("contest_data"));
        assertNull(SplitDiscovery.splitOf("sample_submission"));
        assertEquals("train|test", SplitDiscovery.splitOf("train_test_split"));
    }

    @Test
    void assignsDirectoryFilesToSplitsInNameOrder() throws IOException {
        Path data = Files.createDirectories(base.resolve("data"));
        for (String name : List.of(
                "train-00001-of-00002.parquet",
                "train-00000-of-00002.parquet",
                "uci_dev.csv",
                "test.jsonl",
                "unsupervised.parquet",
                "README.md",
                "notes_about_it.csv",
                "train_test.csv",
                ".hidden_train.csv")) {
            Files.writeString(data.resolve(name), "x");
        }
        Files.createDirectories(data.resolve("extra/test"));
        Files.writeString(data.resolve("extra/test/part-0.jsonl"), "x");
        RecordingLog log = new RecordingLog();

        Map<String, SplitFiles> splits = SplitDiscovery.discover(settings("data", Map.of()), base, log);

        assertEquals(List.of("train", "validation", "test", "unsupervised"), List.copyOf(splits.keySet()));
        assertEquals(
                List.of("train-00000-of-00002.parquet", "train-00001-of-00002.parquet"), names(splits.get("train")));
        assertEquals(DataFormat.PARQUET, splits.get("train").format());
        assertEquals(List.of("uci_dev.csv"), names(splits.get("validation")));
        assertEquals(List.of("extra/test/part-0.jsonl", "test.jsonl"), names(splits.get("test")));
        assertEquals(DataFormat.JSON_LINES, splits.get("test").format());
        assertTrue(log.debugs.stream().anyMatch(m -> m.contains("Ignoring notes_about_it.csv")), log.debugs.toString());
        assertTrue(log.debugs.stream().anyMatch(m -> m.contains("Ignoring README.md")));
        assertTrue(log.warnings.stream().anyMatch(m -> m.contains("train_test.csv") && m.contains("train and test")));
    }

    @Test
    void aSingleFileIsTheTrainSplit() throws IOException {
        Files.writeString(base.resolve("reviews.csv"), "x");
        Map<String, SplitFiles> splits =
                SplitDiscovery.discover(settings("reviews.csv", Map.of()), base, new RecordingLog());
        assertEquals(List.of("train"), List.copyOf(splits.keySet()));
        assertEquals(
                base.resolve("reviews.csv").toAbsolutePath(),
                splits.get("train").files().get(0).path());
    }

    @Test
    void dataFilesReplaceAndAddSplits() throws IOException {
        Path data = Files.createDirectories(base.resolve("data"));
        Files.writeString(data.resolve("train.csv"), "x");
        Files.writeString(data.resolve("test.csv"), "x");
        Files.writeString(base.resolve("a.tsv"), "x");
        Files.writeString(base.resolve("b.tsv"), "x");
        Files.writeString(base.resolve("other.jsonl"), "x");

        Map<String, SplitFiles> splits = SplitDiscovery.discover(
                settings("data", Map.of("test", "a.tsv, b.tsv", "holdout", "other.jsonl")), base, new RecordingLog());

        assertEquals(List.of("train", "test", "holdout"), List.copyOf(splits.keySet()));
        assertEquals(List.of("a.tsv", "b.tsv"), names(splits.get("test")));
        assertEquals(DataFormat.TSV, splits.get("test").format());
        assertEquals(List.of("train.csv"), names(splits.get("train")));
    }

    @Test
    void dataFilesAlone() throws IOException {
        Files.writeString(base.resolve("t.csv.gz"), "x");
        Map<String, SplitFiles> splits =
                SplitDiscovery.discover(settings(null, Map.of("train", "t.csv.gz")), base, new RecordingLog());
        assertEquals(DataFormat.CSV, splits.get("train").format());
    }

    @Test
    void aMissingPathIsReportedWithItsAbsolutePath() {
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> SplitDiscovery.discover(settings("nowhere/data", Map.of()), base, new RecordingLog()));
        assertEquals("dataset", e.parameter());
        assertTrue(
                e.getMessage()
                        .contains(base.resolve("nowhere/data").toAbsolutePath().toString()),
                e.getMessage());
    }

    @Test
    void aMissingDataFileIsReported() {
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> SplitDiscovery.discover(settings(null, Map.of("train", "gone.csv")), base, new RecordingLog()));
        assertEquals("dataFiles", e.parameter());
        assertTrue(e.getMessage().contains("gone.csv does not exist"), e.getMessage());
    }

    @Test
    void aDirectoryWithoutSplitFilesListsWhatItSaw() throws IOException {
        Path data = Files.createDirectories(base.resolve("data"));
        Files.writeString(data.resolve("reviews_2020.csv"), "x");
        Files.writeString(data.resolve("notes.txt"), "x");
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> SplitDiscovery.discover(settings("data", Map.of()), base, new RecordingLog()));
        assertEquals("dataset", e.parameter());
        assertTrue(e.getMessage().contains("notes.txt, reviews_2020.csv"), e.getMessage());
        assertTrue(e.getMessage().contains("train.csv"), e.getMessage());
    }

    @Test
    void aSplitMustKeepOneFormat() throws IOException {
        Path data = Files.createDirectories(base.resolve("data"));
        Files.writeString(data.resolve("train_a.csv"), "x");
        Files.writeString(data.resolve("train_b.jsonl"), "x");
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> SplitDiscovery.discover(settings("data", Map.of()), base, new RecordingLog()));
        assertTrue(
                e.getMessage().contains("mixes formats (CSV: train_a.csv; JSON Lines: train_b.jsonl)"), e.getMessage());
    }

    @Test
    void formatsAndStems() {
        assertEquals(DataFormat.CSV, DataFormat.of("a.CSV"));
        assertEquals(DataFormat.JSON_LINES, DataFormat.of("a.ndjson.zst"));
        assertEquals(DataFormat.JSON_LINES, DataFormat.of("a.json"));
        assertNull(DataFormat.of("a.parquet.gz"));
        assertNull(DataFormat.of("a.txt"));
        assertEquals("train-00000-of-00002", DataFormat.stem("train-00000-of-00002.csv.gz"));
        assertEquals("my.train", DataFormat.stem("my.train.jsonl"));
    }

    private static List<String> names(SplitFiles split) {
        return split.files().stream().map(DataFile::name).toList();
    }

    static DataSettings settings(String dataset, Map<String, String> dataFiles) {
        return new DataSettings(
                dataset, dataFiles, List.of("text"), "label", List.of(), "train", null, null, 0.1, 0, 128);
    }
}
