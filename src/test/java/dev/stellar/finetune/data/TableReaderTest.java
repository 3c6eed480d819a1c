package dev.stellar.finetune.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.ConfigurationException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableReaderTest {

    @TempDir
    Path dir;

    private static final List<String> TEXTS =
            List.of("a fine film", "dull, slow and \"long\"", "two\nlines", "tab-free text");
    private static final List<String> LABELS = List.of("1", "0", "1", "0");

    private SplitFiles split(String name, DataFormat format, String... files) {
        return new SplitFiles(
                name,
                format,
                java.util.Arrays.stream(files)
                        .map(f -> new DataFile(dir.resolve(f), f))
                        .toList());
    }

    private RawSplit read(SplitFiles split, boolean labelRequired) {
        return new TableReader(List.of("text"), "label").read(split, labelRequired);
    }

    private ConfigurationException failure(SplitFiles split) {
        return assertThrows(ConfigurationException.class, () -> read(split, true));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    static void duckdb(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private void assertStandardRows(RawSplit split) {
        assertEquals(4, split.size());
        assertTrue(split.labeled());
        for (int i = 0; i < 4; i++) {
            RawRow row = split.rows().get(i);
            assertEquals(TEXTS.get(i), row.text(), "row " + i);
            assertEquals(LABELS.get(i), row.label(), "row " + i);
            assertEquals(i + 1, row.row());
            assertNull(row.pair());
        }
    }

    @Test
    void readsTheSameRowsFromAllFourFormats() throws Exception {
        write(
                "train.csv",
                "id,text,label\n1,a fine film,1\n2,\"dull, slow and \"\"long\"\"\",0\n3,\"two\nlines\",1\n"
                        + "4,tab-free text,0\n");
        assertStandardRows(read(split("train", DataFormat.CSV, "train.csv"), true));

        // TSV is read without quoting, so quotes stay part of the text; a newline cannot be inside a value.
        write(
                "train.tsv",
                "label\ttext\n1\ta fine film\n0\tdull, slow and \"long\"\n1\ttwo\\nlines\n0\ttab-free text\n");
        RawSplit tsv = read(split("train", DataFormat.TSV, "train.tsv"), true);
        assertEquals("dull, slow and \"long\"", tsv.rows().get(1).text());
        assertEquals("0", tsv.rows().get(3).label());

        write(
                "train.jsonl",
                "{\"text\": \"a fine film\", \"label\": 1}\n{\"text\": \"dull, slow and \\\"long\\\"\","
                        + " \"label\": 0}\n\n{\"label\": 1, \"text\": \"two\\nlines\", \"extra\": [1]}\n"
                        + "{\"text\": \"tab-free text\", \"label\": 0}\n");
        assertStandardRows(read(split("train", DataFormat.JSON_LINES, "train.jsonl"), true));

        Path parquet = dir.resolve("train.parquet");
        duckdb("COPY (SELECT * FROM read_csv('" + dir.resolve("train.csv") + "', header=true)) TO '" + parquet
                + "' (FORMAT parquet)");
        assertStandardRows(read(split("train", DataFormat.PARQUET, "train.parquet"), true));
    }

    @Test
    void severalFilesAreReadInOrderWithRowsCountedPerFile() throws Exception {
        write("a.csv", "text,label\nfirst,x\nsecond,y\n");
        Path gz = dir.resolve("b.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("text,label\nthird,z\n".getBytes(StandardCharsets.UTF_8));
        }
        RawSplit split = read(split("train", DataFormat.CSV, "a.csv", "b.csv.gz"), true);
        assertEquals(
                List.of("first", "second", "third"),
                split.rows().stream().map(RawRow::text).toList());
        assertEquals("b.csv.gz", split.rows().get(2).file().name());
        assertEquals(1, split.rows().get(2).row());
    }

    @Test
    void globCharactersInFileNamesAreLiteral() throws IOException {
        write("train[1].csv", "text,label\nright,1\n");
        write("train1.csv", "text,label\nwrong,1\n");
        write("a*b.csv", "text,label\nstar,1\n");
        write("axb.csv", "text,label\nwrong,1\n");
        assertEquals(
                "right",
                read(split("train", DataFormat.CSV, "train[1].csv"), true)
                        .rows()
                        .get(0)
                        .text());
        assertEquals(
                List.of("star"),
                read(split("train", DataFormat.CSV, "a*b.csv"), true).rows().stream()
                        .map(RawRow::text)
                        .toList());
    }

    @Test
    void aJsonArrayFileIsToldToBeJsonLines() throws IOException {
        write("train.json", "[{\"text\": \"a\", \"label\": 1},\n {\"text\": \"b\", \"label\": 0}]\n");
        ConfigurationException e = failure(split("train", DataFormat.JSON_LINES, "train.json"));
        assertTrue(
                e.getMessage().contains("line 1 is not one valid JSON object (it starts a JSON array"), e.getMessage());
        assertTrue(e.getMessage().contains("holds one JSON object per line"), e.getMessage());
    }

    @Test
    void labelsOfOtherTypesComeBackAsText() throws Exception {
        write("bool.jsonl", "{\"text\": \"a\", \"label\": true}\n{\"text\": \"b\", \"label\": false}\n");
        assertEquals(List.of("1", "0"), labels(read(split("train", DataFormat.JSON_LINES, "bool.jsonl"), true)));
        write("mixed.jsonl", "{\"text\": \"a\", \"label\": 1}\n{\"text\": 2, \"label\": \"pos\"}\n");
        RawSplit mixed = read(split("train", DataFormat.JSON_LINES, "mixed.jsonl"), true);
        assertEquals(List.of("1", "pos"), labels(mixed));
        assertEquals("2", mixed.rows().get(1).text());
        Path parquet = dir.resolve("floats.parquet");
        duckdb("COPY (SELECT * FROM (VALUES ('a', 1.0::DOUBLE), ('b', 0.0::DOUBLE), ('c', 2.5::DOUBLE)) t(text, label))"
                + " TO '" + parquet + "' (FORMAT parquet)");
        assertEquals(
                List.of("1", "0", "2.5"), labels(read(split("train", DataFormat.PARQUET, "floats.parquet"), true)));
    }

    private static List<String> labels(RawSplit split) {
        return split.rows().stream().map(RawRow::label).toList();
    }

    @Test
    void readsSentencePairs() throws IOException {
        write("pairs.tsv", "sentence1\tsentence2\tlabel\nA man plays.\tSomeone plays.\t1\n");
        RawRow row = new TableReader(List.of("sentence1", "sentence2"), "label")
                .read(split("train", DataFormat.TSV, "pairs.tsv"), true)
                .rows()
                .get(0);
        assertEquals("A man plays.", row.text());
        assertEquals("Someone plays.", row.pair());
    }

    @Test
    void aMissingColumnListsTheColumnsThatExist() throws IOException {
        write("train.csv", "sentence,label\nhi,1\n");
        ConfigurationException e = failure(split("train", DataFormat.CSV, "train.csv"));
        assertEquals("textColumns", e.parameter());
        assertTrue(e.getMessage().contains("has no column 'text' (its columns: 'sentence', 'label')"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("train.csv").toString()), e.getMessage());

        write("train.jsonl", "{\"text\": \"hi\", \"sentiment\": 1}\n");
        ConfigurationException label = failure(split("train", DataFormat.JSON_LINES, "train.jsonl"));
        assertEquals("labelColumn", label.parameter());
        assertTrue(
                label.getMessage().contains("no column 'label' (its columns: 'text', 'sentiment')"),
                label.getMessage());
    }

    @Test
    void aTestSplitWithoutTheLabelColumnIsUnlabelled() throws IOException {
        write("test.csv", "text\nhi\nthere\n");
        RawSplit split = read(split("test", DataFormat.CSV, "test.csv"), false);
        assertFalse(split.labeled());
        assertEquals(2, split.size());
        assertNull(split.note());
    }

    @Test
    void aSplitWhoseLabelsAreAllMinusOneIsUnlabelled() throws IOException {
        write("test.tsv", "text\tlabel\nhi\t-1\nthere\t-1\n");
        RawSplit split = read(split("test", DataFormat.TSV, "test.tsv"), false);
        assertFalse(split.labeled());
        assertTrue(split.note().contains("-1"), split.note());
        assertNull(split.rows().get(0).label());
    }

    @Test
    void aMalformedCsvRowNamesItsRealLine() throws IOException {
        // The quoted value spans lines 3-4, so DuckDB's record count (5) is one short of the real line 6.
        write("train.csv", "text,label\nfine,1\n\"spans\ntwo lines\",0\nok,1\nbad row,1,extra\nlast,0\n");
        ConfigurationException e = failure(split("train", DataFormat.CSV, "train.csv"));
        assertEquals("dataset", e.parameter());
        assertTrue(e.getMessage().contains(dir.resolve("train.csv").toString()), e.getMessage());
        assertTrue(
                e.getMessage().contains("line 6 (bad row,1,extra) has 3 values where the header has 2"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Fix: put values that contain a comma in double quotes"), e.getMessage());
    }

    @Test
    void aShortRowAndAnUnterminatedQuote() throws IOException {
        write("short.csv", "text,label\nfine,1\nno label\n");
        assertTrue(failure(split("train", DataFormat.CSV, "short.csv"))
                .getMessage()
                .contains("line 3 (no label) has 1 value where the header has 2"));
        write("open.csv", "text,label\nfine,1\n\"never closed,1\nnext,0\n");
        ConfigurationException e = failure(split("train", DataFormat.CSV, "open.csv"));
        assertTrue(
                e.getMessage().contains("line 3 (\"never closed,1) opens a quote that is never closed"),
                e.getMessage());
    }

    @Test
    void aMalformedJsonLineNamesTheRightLine() throws IOException {
        write(
                "train.jsonl",
                "{\"text\": \"a\", \"label\": 1}\n{\"text\": \"b\", \"label\": 0}\n"
                        + "{\"text\": \"c\" \"label\": 0}\n{\"text\": \"d\", \"label\": 1}\n");
        ConfigurationException e = failure(split("train", DataFormat.JSON_LINES, "train.jsonl"));
        assertEquals("dataset", e.parameter());
        assertTrue(
                e.getMessage().contains("line 3 is not one valid JSON object (Unterminated object at column 15)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("{\"text\": \"c\" \"label\": 0}"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("train.jsonl").toString()), e.getMessage());
    }

    @Test
    void aFileThatIsNotUtf8SaysSo() throws IOException {
        Files.write(
                dir.resolve("latin1.csv"), "text,label\nfine,1\ncaf\u00e9,0\n".getBytes(StandardCharsets.ISO_8859_1));
        ConfigurationException csv = failure(split("train", DataFormat.CSV, "latin1.csv"));
        assertTrue(
                csv.getMessage().contains("the file is not UTF-8 (the first invalid bytes are on line 3)"),
                csv.getMessage());
        assertTrue(csv.getMessage().contains("re-save the file as UTF-8"), csv.getMessage());

        Files.write(
                dir.resolve("latin1.jsonl"),
                "{\"text\": \"caf\u00e9\", \"label\": 1}\n".getBytes(StandardCharsets.ISO_8859_1));
        ConfigurationException json = failure(split("train", DataFormat.JSON_LINES, "latin1.jsonl"));
        assertTrue(json.getMessage().contains("not UTF-8 (the first invalid bytes are on line 1)"), json.getMessage());
    }

    @Test
    void emptyTextsAndMissingLabelsNameTheRow() throws IOException {
        write("train.csv", "text,label\nfine,1\n,0\n");
        ConfigurationException text = failure(split("train", DataFormat.CSV, "train.csv"));
        assertTrue(text.getMessage().contains("data row 2 has no text in column text"), text.getMessage());
        write("train.jsonl", "{\"text\": \"a\", \"label\": 1}\n{\"text\": \"b\", \"label\": 0}\n{\"text\": \"c\"}\n");
        ConfigurationException label = failure(split("train", DataFormat.JSON_LINES, "train.jsonl"));
        assertTrue(label.getMessage().contains("data row 3 has no label in column label"), label.getMessage());
    }

    @Test
    void anEmptyFileAndANonParquetFile() throws IOException {
        write("empty.csv", "");
        assertTrue(failure(split("train", DataFormat.CSV, "empty.csv"))
                .getMessage()
                .contains("the file is empty"));
        write("fake.parquet", "text,label\n");
        assertTrue(failure(split("train", DataFormat.PARQUET, "fake.parquet"))
                .getMessage()
                .contains("is not a Parquet file"));
    }
}
