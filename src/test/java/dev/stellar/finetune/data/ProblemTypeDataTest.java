package dev.stellar.finetune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.DataSettings;
import dev.stellar.finetune.config.LabelSettings;
import dev.stellar.finetune.config.ProblemType;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * prepare-data for multi-label and regression: the three forms of multi-label labels give the same 0/1 targets,
 * numbers with a fraction are read as regression, and each kind of bad label names the parameter, the value, the
 * row and the fix.
 */
class ProblemTypeDataTest {

    /** Rows i = 0..19: "film" on even rows, "music" on rows divisible by 3 (at least one of them, or "plot"). */
    private static final int ROWS = 20;

    @TempDir
    Path base;

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    private static List<String> labelsOf(int i) {
        List<String> labels = new java.util.ArrayList<>();
        if (i % 2 == 0) {
            labels.add("film");
        }
        if (i % 3 == 0) {
            labels.add("music");
        }
        if (labels.isEmpty()) {
            labels.add("plot");
        }
        return labels;
    }

    private static float[] expectedTargets(int i) {
        List<String> labels = labelsOf(i);
        return new float[] {
            labels.contains("film") ? 1 : 0, labels.contains("music") ? 1 : 0, labels.contains("plot") ? 1 : 0
        };
    }

    private Path write(String name, String content) throws Exception {
        Path dir = Files.createDirectories(base.resolve(name));
        Files.writeString(dir.resolve(name.endsWith("jsonl") ? "train.jsonl" : "train.csv"), content);
        return dir;
    }

    private static DataSettings settings(Path dataset, String labelColumn, LabelSettings labelling) {
        return new DataSettings(
                dataset.toString(),
                Map.of(),
                List.of("text"),
                labelColumn,
                List.of(),
                "train",
                null,
                null,
                0.2,
                0,
                16,
                labelling);
    }

    private PreparedData prepare(DataSettings settings, RecordingLog log) {
        return new DataPreparation(settings, 42, base, log)
                .run(ModelDirectory.open(TestModels.tinyBert(), "tiny-bert"), base.resolve("out"));
    }

    /** Train and validation together hold every row once, with the targets it was written with. */
    private void assertTargets(PreparedData data) {
        Path out = base.resolve("out");
        assertEquals(List.of("film", "music", "plot"), data.labels());
        assertEquals(ProblemType.MULTI_LABEL, data.problem());
        int seen = 0;
        for (String role : List.of("train", "validation")) {
            EncodedSplit split = EncodedSplit.read(EncodedSplit.file(out, role));
            assertNull(split.labels());
            // The tiny tokenizer puts the row number at token 2 ([CLS] row <n> ...).
            for (int r = 0; r < split.size(); r++) {
                int row = rowNumber(split, r);
                assertArrayEquals(expectedTargets(row), split.targets()[r], "row " + row);
                seen++;
            }
        }
        assertEquals(ROWS, seen);
        assertEquals(
                10,
                data.roles().get("train").labelCounts().get("film")
                        + data.roles().get("validation").labelCounts().get("film"));
    }

    private static int rowNumber(EncodedSplit split, int r) {
        int[] expectedIds = split.inputIds()[r];
        for (int i = 0; i < ROWS; i++) {
            if (ROW_IDS[i] != null && java.util.Arrays.equals(ROW_IDS[i], expectedIds)) {
                return i;
            }
        }
        throw new AssertionError("unknown row " + java.util.Arrays.toString(expectedIds));
    }

    private static final int[][] ROW_IDS = new int[ROWS][];

    private static String text(int i) {
        return "review number " + i;
    }

    private void rememberIds() {
        try (SplitEncoder encoder =
                SplitEncoder.open(TestModels.tinyBert(), 16, ModelDirectory.open(TestModels.tinyBert(), "tiny-bert"))) {
            List<String> texts = java.util.stream.IntStream.range(0, ROWS)
                    .mapToObj(ProblemTypeDataTest::text)
                    .toList();
            EncodedSplit split = encoder.encode("all", texts, null, (int[]) null, new RecordingLog())
                    .split();
            for (int i = 0; i < ROWS; i++) {
                ROW_IDS[i] = split.inputIds()[i];
            }
        }
    }

    @Test
    void aListColumnIsMultiLabelAndItsTargetsAreMultiHot() throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < ROWS; i++) {
            jsonl.append("{\"text\": \"").append(text(i)).append("\", \"tags\": [");
            jsonl.append(String.join(
                    ", ", labelsOf(i).stream().map(l -> "\"" + l + "\"").toList()));
            jsonl.append("]}\n");
        }
        rememberIds();
        RecordingLog log = new RecordingLog();
        assertTargets(prepare(settings(write("list.jsonl", jsonl.toString()), "tags", LabelSettings.INFERRED), log));
        assertTrue(log.infos.stream().anyMatch(l -> l.startsWith("Problem type multi-label (inferred")), log.all());
        assertTrue(log.infos.stream().anyMatch(l -> l.contains("stratified by each row's rarest label")), log.all());
    }

    @Test
    void aDelimitedColumnGivesTheSameTargets() throws Exception {
        StringBuilder csv = new StringBuilder("text,tags\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append(text(i))
                    .append(',')
                    .append(String.join("|", labelsOf(i)))
                    .append('\n');
        }
        rememberIds();
        assertTargets(prepare(
                settings(write("delimited", csv.toString()), "tags", new LabelSettings(null, "|", List.of(), 0.5)),
                new RecordingLog()));
    }

    @Test
    void zeroOneColumnsGiveTheSameTargets() throws Exception {
        StringBuilder csv = new StringBuilder("text,film,music,plot\n");
        for (int i = 0; i < ROWS; i++) {
            float[] t = expectedTargets(i);
            csv.append(text(i))
                    .append(',')
                    .append((int) t[0])
                    .append(',')
                    .append((int) t[1])
                    .append(',')
                    .append((int) t[2])
                    .append('\n');
        }
        rememberIds();
        assertTargets(prepare(
                settings(
                        write("columns", csv.toString()),
                        "label",
                        new LabelSettings(null, null, List.of("film", "music", "plot"), 0.5)),
                new RecordingLog()));
    }

    @Test
    void numbersWithAFractionAreRegression() throws Exception {
        StringBuilder csv = new StringBuilder("text,score\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append(text(i)).append(',').append(i / 4.0).append('\n');
        }
        RecordingLog log = new RecordingLog();
        PreparedData data = prepare(settings(write("scores", csv.toString()), "score", LabelSettings.INFERRED), log);
        assertEquals(ProblemType.REGRESSION, data.problem());
        assertEquals(List.of("score"), data.labels());
        assertTrue(log.infos.stream().anyMatch(l -> l.startsWith("Problem type regression (inferred")), log.all());
        double sum = 0;
        int rows = 0;
        for (String role : List.of("train", "validation")) {
            EncodedSplit split = EncodedSplit.read(EncodedSplit.file(base.resolve("out"), role));
            for (float[] target : split.targets()) {
                sum += target[0];
                rows++;
            }
        }
        assertEquals(ROWS, rows);
        assertEquals(ROWS * (ROWS - 1) / 8.0, sum, 1e-6); // sum of i / 4
    }

    private ConfigurationException failure(String name, String content, String labelColumn, LabelSettings labelling)
            throws Exception {
        Path dataset = write(name, content);
        return assertThrows(
                ConfigurationException.class,
                () -> prepare(settings(dataset, labelColumn, labelling), new RecordingLog()));
    }

    @Test
    void aColumnMixingListsAndSingleValuesNamesBothRows() throws Exception {
        ConfigurationException e = failure(
                "mixed.jsonl",
                "{\"text\": \"a good film\", \"tags\": [\"film\"]}\n{\"text\": \"a bad plot\", \"tags\": \"plot\"}\n",
                "tags",
                LabelSettings.INFERRED);
        assertEquals("labelColumn", e.parameter());
        assertTrue(e.getMessage().contains("'plot' at ") && e.getMessage().contains("data row 2"), e.getMessage());
        assertTrue(e.getMessage().contains("set <problemType>"), e.getMessage());
    }

    @Test
    void anEmptyLabelListNamesItsRow() throws Exception {
        ConfigurationException e = failure(
                "empty.jsonl",
                "{\"text\": \"a good film\", \"tags\": [\"film\"]}\n{\"text\": \"a bad plot\", \"tags\": []}\n",
                "tags",
                LabelSettings.INFERRED);
        assertEquals("labelColumn", e.parameter());
        assertTrue(e.getMessage().contains("is empty") && e.getMessage().contains("data row 2"), e.getMessage());
        assertTrue(e.getMessage().contains("at least one label"), e.getMessage());
    }

    @Test
    void aRegressionLabelThatIsNoNumberNamesItsRow() throws Exception {
        ConfigurationException e = failure(
                "notnumber",
                "text,score\na good film,3.5\na bad plot,high\n",
                "score",
                new LabelSettings(ProblemType.REGRESSION, null, List.of(), 0.5));
        assertEquals("labelColumn", e.parameter());
        assertTrue(
                e.getMessage().contains("'high'")
                        && e.getMessage().contains("data row 2")
                        && e.getMessage().contains("not a number"),
                e.getMessage());
    }

    @Test
    void numbersMixedWithTextAreRefusedWhenTheTypeIsInferred() throws Exception {
        ConfigurationException e = failure(
                "numbertext", "text,score\na good film,3.5\na bad plot,high\n", "score", LabelSettings.INFERRED);
        assertTrue(e.getMessage().contains("mixes kinds of label"), e.getMessage());
    }

    @Test
    void aLabelColumnCellOtherThanZeroOrOneNamesItsColumnAndRow() throws Exception {
        ConfigurationException e = failure(
                "badcolumn",
                "text,film,music\na good film,1,0\na bad plot,0,2\n",
                "label",
                new LabelSettings(null, null, List.of("film", "music"), 0.5));
        assertEquals("labelColumns", e.parameter());
        assertTrue(
                e.getMessage().contains("'2' in column music") && e.getMessage().contains("data row 2"),
                e.getMessage());
    }

    @Test
    void aThresholdOutsideZeroToOneIsRefused() {
        for (double threshold : new double[] {0, 1, 1.5, -0.1, Double.NaN}) {
            ConfigurationException e = assertThrows(
                    ConfigurationException.class,
                    () -> new LabelSettings(ProblemType.MULTI_LABEL, null, List.of(), threshold));
            assertEquals("threshold", e.parameter());
            assertTrue(e.getMessage().contains("between 0 and 1"), e.getMessage());
        }
    }

    @Test
    void aDelimiterWithAnotherProblemTypeIsRefused() {
        ConfigurationException e = assertThrows(
                ConfigurationException.class, () -> new LabelSettings(ProblemType.REGRESSION, "|", List.of(), 0.5));
        assertEquals("labelDelimiter", e.parameter());
        assertTrue(e.getMessage().contains("multi-label"), e.getMessage());
    }
}
