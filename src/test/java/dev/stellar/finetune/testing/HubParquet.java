package dev.stellar.finetune.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Collectors;
import org.duckdb.DuckDBDriver;

/** Writes Parquet files as the datasets library does, with DuckDB (already on the test class path). */
final class HubParquet {

    private HubParquet() {}

    /** See {@link FakeHub#parquet}. */
    @SuppressWarnings("NonApiType") // the columns' order is the file's: a LinkedHashMap says so
    static byte[] write(LinkedHashMap<String, List<?>> columns, String featuresJson) throws Exception {
        int rows = rowCount(columns);
        Path dir = Files.createTempDirectory("fake-hub-parquet");
        Path file = dir.resolve("data.parquet");
        // The driver itself, not DriverManager, which misses drivers of other class loaders (invoker scripts).
        try (Connection connection = new DuckDBDriver().connect("jdbc:duckdb:", new Properties())) {
            createTable(connection, columns);
            insertRows(connection, columns, rows);
            copyToParquet(connection, file, featuresJson);
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static int rowCount(Map<String, List<?>> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("A Parquet file needs at least one column");
        }
        int rows = columns.values().iterator().next().size();
        columns.forEach((name, values) -> {
            if (values.size() != rows) {
                throw new IllegalArgumentException("Column " + name + " has " + values.size() + " values, not " + rows);
            }
        });
        return rows;
    }

    private static void createTable(Connection connection, Map<String, List<?>> columns) throws SQLException {
        String definitions = columns.entrySet().stream()
                .map(c -> quoteName(c.getKey()) + " " + sqlType(c.getKey(), c.getValue()))
                .collect(Collectors.joining(", "));
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE t (" + definitions + ")");
        }
    }

    /** The column type follows its first non-null value; a column of nulls is text. */
    private static String sqlType(String column, List<?> values) {
        Object sample = values.stream()
                .filter(Objects::nonNull)
                .findFirst()
                .map(v -> (Object) v)
                .orElse("");
        if (sample instanceof String) {
            return "VARCHAR";
        } else if (sample instanceof Long) {
            return "BIGINT";
        } else if (sample instanceof Integer) {
            return "INTEGER";
        } else if (sample instanceof Double) {
            return "DOUBLE";
        } else if (sample instanceof Float) {
            return "FLOAT";
        } else if (sample instanceof Boolean) {
            return "BOOLEAN";
        }
        throw new IllegalArgumentException("Column " + column + ": unsupported value type " + sample.getClass());
    }

    private static void insertRows(Connection connection, Map<String, List<?>> columns, int rows) throws SQLException {
        List<List<?>> values = List.copyOf(columns.values());
        String marks = String.join(", ", Collections.nCopies(values.size(), "?"));
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (" + marks + ")")) {
            for (int row = 0; row < rows; row++) {
                for (int column = 0; column < values.size(); column++) {
                    insert.setObject(column + 1, values.get(column).get(row));
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void copyToParquet(Connection connection, Path file, String featuresJson) throws SQLException {
        String metadata = featuresJson == null
                ? ""
                : ", KV_METADATA {huggingface: " + quoteText(huggingfaceMetadata(featuresJson)) + "}";
        try (Statement statement = connection.createStatement()) {
            statement.execute(
                    "COPY (SELECT * FROM t) TO " + quoteText(file.toString()) + " (FORMAT parquet" + metadata + ")");
        }
    }

    /** The value the datasets library stores: {"info":{"features":...}}; an already wrapped value is kept. */
    static String huggingfaceMetadata(String featuresJson) {
        JsonElement parsed = JsonParser.parseString(featuresJson);
        if (parsed.isJsonObject() && parsed.getAsJsonObject().has("info")) {
            return parsed.toString();
        }
        JsonObject info = new JsonObject();
        info.add("features", parsed);
        JsonObject wrapper = new JsonObject();
        wrapper.add("info", info);
        return wrapper.toString();
    }

    private static String quoteText(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String quoteName(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
