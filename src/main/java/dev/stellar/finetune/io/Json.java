package dev.stellar.finetune.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import dev.stellar.finetune.config.FinetuneException;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The project's one JSON setup: pretty output for files people read, paths as strings. */
@SuppressWarnings("TypeParameterUnusedInFormals") // Gson's own style: the caller names the type it reads
public final class Json {

    private static final TypeAdapter<Path> PATH_ADAPTER = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Path value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value(value.toString());
            }
        }

        @Override
        public Path read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return Path.of(in.nextString());
        }
    };

    /**
     * NaN and infinities are written as null, and null read back as NaN: JSON has no NaN, and strict readers
     * (JavaScript, Groovy, jq) refuse the bare word. Figures a split cannot give (ROC AUC with one label, a
     * classification figure of a regression model) are such values.
     */
    private static final TypeAdapter<Double> NON_FINITE_AS_NULL = nonFiniteAsNull(Double.NaN);

    /** The same for a {@code Double} field, where null stays null (an unset limit). */
    private static final TypeAdapter<Double> BOXED_NON_FINITE_AS_NULL = nonFiniteAsNull(null);

    private static TypeAdapter<Double> nonFiniteAsNull(Double whenNull) {
        return new TypeAdapter<>() {
            @Override
            public void write(JsonWriter out, Double value) throws IOException {
                if (value == null || !Double.isFinite(value)) {
                    out.nullValue();
                } else {
                    out.value(value);
                }
            }

            @Override
            public Double read(JsonReader in) throws IOException {
                if (in.peek() == JsonToken.NULL) {
                    in.nextNull();
                    return whenNull;
                }
                return in.nextDouble();
            }
        };
    }

    private static final Gson PRETTY = builder().setPrettyPrinting().create();
    private static final Gson COMPACT = builder().create();

    private Json() {}

    private static GsonBuilder builder() {
        return new GsonBuilder()
                .disableHtmlEscaping()
                .serializeSpecialFloatingPointValues()
                // Nulls are kept so that a NaN figure reads back as NaN, not as a missing field's 0.
                .serializeNulls()
                .registerTypeAdapter(double.class, NON_FINITE_AS_NULL)
                .registerTypeAdapter(Double.class, BOXED_NON_FINITE_AS_NULL)
                .registerTypeHierarchyAdapter(Path.class, PATH_ADAPTER);
    }

    /** Multi-line JSON for files people read. */
    public static String pretty(Object value) {
        return PRETTY.toJson(value);
    }

    /** One-line JSON, e.g. for the worker's event stream. */
    public static String compact(Object value) {
        return COMPACT.toJson(value);
    }

    public static <T> T parse(String json, Type type) {
        return COMPACT.fromJson(json, type);
    }

    public static JsonElement tree(Object value) {
        return COMPACT.toJsonTree(value);
    }

    public static <T> T fromTree(JsonElement json, Type type) {
        return COMPACT.fromJson(json, type);
    }

    /** Reads a JSON file; a missing or malformed file is reported with its path. */
    public static <T> T read(Path file, Type type) {
        try {
            T value = COMPACT.fromJson(Files.readString(file, StandardCharsets.UTF_8), type);
            if (value == null) {
                throw new FinetuneException("File " + file + " is empty; expected JSON.");
            }
            return value;
        } catch (IOException e) {
            throw new FinetuneException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new FinetuneException(
                    "File " + file + " is not valid JSON or not in the form this plugin reads (" + e.getMessage()
                            + "). Fix: restore it, or delete it and run the goal that writes it again.",
                    e);
        }
    }

    /** Writes pretty JSON through a temporary file, so readers never see half a file. */
    public static void write(Path file, Object value) {
        AtomicFiles.writeString(file, pretty(value) + "\n");
    }
}
