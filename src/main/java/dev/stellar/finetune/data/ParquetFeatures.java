package dev.stellar.finetune.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The features Hugging Face datasets records in the Parquet files it writes (key-value metadata
 * {@code huggingface}: {@code {"info": {"features": {...}}}}): column types, and the names of ClassLabel
 * columns.
 */
public final class ParquetFeatures {

    private ParquetFeatures() {}

    /** The class names of a ClassLabel column, or an empty list when the file does not say. */
    public static List<String> classLabelNames(Path parquet, String column) {
        return features(parquet)
                .map(f -> f.get(column))
                .filter(JsonElement::isJsonObject)
                .map(JsonElement::getAsJsonObject)
                .map(ParquetFeatures::names)
                .orElse(List.of());
    }

    /** Each column's feature in words: "string", "int32", "ClassLabel [not_equivalent, equivalent]". */
    public static Map<String, String> describe(Path parquet) {
        Map<String, String> described = new LinkedHashMap<>();
        features(parquet).ifPresent(f -> f.entrySet().forEach(e -> described.put(e.getKey(), describe(e.getValue()))));
        return described;
    }

    /** The number of rows, from the Parquet footer. */
    public static long rowCount(Path parquet) {
        try (Connection c = DuckDb.reading(List.of(parquet));
                PreparedStatement s = c.prepareStatement("SELECT sum(num_rows) FROM parquet_file_metadata(?)")) {
            s.setString(1, DuckDb.pattern(parquet));
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        } catch (SQLException e) {
            return -1;
        }
    }

    private static Optional<JsonObject> features(Path parquet) {
        try (Connection c = DuckDb.reading(List.of(parquet));
                PreparedStatement s = c.prepareStatement(
                        "SELECT value FROM parquet_kv_metadata(?) WHERE decode(key) = 'huggingface'")) {
            s.setString(1, DuckDb.pattern(parquet)); // the file itself, not the files its name matches as a glob
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                String json = new String(r.getBytes(1), StandardCharsets.UTF_8);
                JsonObject root = JsonParser.parseString(json).getAsJsonObject();
                JsonObject info = root.has("info") ? root.getAsJsonObject("info") : root;
                return info.has("features") && info.get("features").isJsonObject()
                        ? Optional.of(info.getAsJsonObject("features"))
                        : Optional.empty();
            }
        } catch (SQLException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<String> names(JsonObject feature) {
        List<String> names = new ArrayList<>();
        if (feature.has("names") && feature.get("names").isJsonArray()) {
            feature.getAsJsonArray("names").forEach(n -> names.add(n.getAsString()));
        }
        return names;
    }

    private static String describe(JsonElement feature) {
        if (!feature.isJsonObject()) {
            return feature.toString();
        }
        JsonObject f = feature.getAsJsonObject();
        String type = f.has("_type") ? f.get("_type").getAsString() : "";
        return switch (type) {
            case "ClassLabel" -> "ClassLabel " + names(f);
            case "Value" -> f.has("dtype") ? f.get("dtype").getAsString() : "Value";
            case "Sequence", "List" -> "List of " + (f.has("feature") ? describe(f.get("feature")) : "?");
            default -> type.isEmpty() ? f.toString() : type;
        };
    }
}
