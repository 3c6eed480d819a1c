package dev.stellar.finetune.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data connection reads the files it was opened for, literally, and nothing else. */
class DuckDbTest {

    @TempDir
    Path dir;

    private static String first(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static String refusal(Connection connection, String sql) {
        return assertThrows(
                        SQLException.class,
                        () -> {
                            try (Statement statement = connection.createStatement()) {
                                statement.execute(sql);
                            }
                        },
                        sql)
                .getMessage();
    }

    @Test
    void onlyTheNamedFilesCanBeRead() throws Exception {
        Path named = Files.writeString(dir.resolve("a[1].csv"), "text\nnamed\n");
        Path sibling = Files.writeString(dir.resolve("a1.csv"), "text\nsibling\n");
        Path secret = Files.writeString(dir.resolve("secret.csv"), "text\nsecret\n");
        try (Connection c = DuckDb.reading(List.of(named))) {
            assertEquals("named", first(c, "SELECT * FROM read_csv(" + DuckDb.pathLiteral(named) + ")"));
            for (Path other : List.of(sibling, secret)) {
                assertTrue(
                        refusal(c, "SELECT * FROM read_csv(" + DuckDb.pathLiteral(other) + ")")
                                .contains("Permission Error"),
                        other.toString());
            }
            // The unescaped name globs to the sibling, which is not allowed either.
            assertTrue(refusal(c, "SELECT * FROM read_csv('" + named + "')").contains("Permission Error"));
            assertTrue(refusal(c, "SELECT * FROM glob('" + dir + "/*')").contains("Permission Error"));
            assertTrue(refusal(c, "SELECT * FROM read_csv('https://example.com/data.csv')")
                    .contains("Permission Error"));
            assertTrue(refusal(c, "COPY (SELECT 1) TO '" + dir.resolve("out.csv") + "'")
                    .contains("Permission Error"));
            assertTrue(refusal(c, "INSTALL httpfs").contains("Permission Error"));
        }
        assertTrue(Files.notExists(dir.resolve("out.csv")));
    }

    @Test
    void theHardeningCannotBeUndone() throws Exception {
        Path named = Files.writeString(dir.resolve("a.csv"), "text\nnamed\n");
        try (Connection c = DuckDb.reading(List.of(named))) {
            assertEquals("false", first(c, "SELECT current_setting('autoinstall_known_extensions')"));
            assertEquals("false", first(c, "SELECT current_setting('autoload_known_extensions')"));
            assertEquals("false", first(c, "SELECT current_setting('allow_community_extensions')"));
            assertEquals("false", first(c, "SELECT current_setting('enable_external_access')"));
            for (String undo : List.of(
                    "SET enable_external_access=true",
                    "SET lock_configuration=false",
                    "SET allowed_paths=['/etc/passwd']",
                    "SET autoinstall_known_extensions=true")) {
                assertTrue(refusal(c, undo).contains("the configuration has been locked"), undo);
            }
        }
    }

    @Test
    void parquetMetadataIsReadFromTheNamedFileNotItsGlob() throws Exception {
        Path named = dir.resolve("train[1].parquet");
        Path sibling = dir.resolve("train1.parquet");
        try (Connection c = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
                Statement s = c.createStatement()) {
            s.execute("COPY (SELECT 'a' AS text, 0 AS label) TO " + DuckDb.pathLiteral(named) + " (FORMAT parquet,"
                    + " KV_METADATA {huggingface: '{\"info\": {\"features\": {\"label\": {\"_type\": \"ClassLabel\","
                    + " \"names\": [\"neg\", \"pos\"]}}}}'})");
            s.execute("COPY (SELECT 'b' AS text, 0 AS label FROM range(5)) TO " + DuckDb.pathLiteral(sibling)
                    + " (FORMAT parquet, KV_METADATA {huggingface: '{\"info\": {\"features\": {\"label\":"
                    + " {\"_type\": \"ClassLabel\", \"names\": [\"wrong\", \"names\"]}}}}'})");
        }
        assertEquals(1, ParquetFeatures.rowCount(named));
        assertEquals(List.of("neg", "pos"), ParquetFeatures.classLabelNames(named, "label"));
        assertEquals("ClassLabel [neg, pos]", ParquetFeatures.describe(named).get("label"));
        assertEquals(5, ParquetFeatures.rowCount(sibling));
    }
}
