package dev.stellar.finetune.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.util.function.Function;

/**
 * Typed, strict reads from a JSON object that came from a file. Gson's own accessors convert silently
 * ({@code getAsInt} turns 32.5 into 32 and 5e9 into a wrapped int, "12" into 12) or throw exceptions that
 * name neither the key nor the file; here every mismatch becomes the caller's own exception, built by
 * {@code failure} from a sentence such as {@code "hidden_size" is 32.5, not a whole number}, so each reader
 * adds its file and fix once.
 *
 * @param where how the object is named in messages, e.g. {@code "model"} for the nested object
 *     {@code model}; empty for the file's top level
 */
public record JsonFields(JsonObject json, String where, Function<String, ? extends RuntimeException> failure) {

    /** The top-level object of a parsed file, or a failure saying what the file holds instead. */
    public static JsonFields of(JsonElement root, Function<String, ? extends RuntimeException> failure) {
        if (root == null || !root.isJsonObject()) {
            throw failure.apply("it holds " + describe(root) + " where a JSON object was expected");
        }
        return new JsonFields(root.getAsJsonObject(), "", failure);
    }

    public boolean has(String key) {
        JsonElement value = json.get(key);
        return value != null && !value.isJsonNull();
    }

    /** A nested object, or {@code null} when the key is absent or null. */
    public JsonFields object(String key) {
        JsonElement value = json.get(key);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonObject()) {
            throw wrong(key, value, "a JSON object");
        }
        return new JsonFields(value.getAsJsonObject(), path(key), failure);
    }

    /** An array, or {@code null} when the key is absent or null. */
    public JsonArray array(String key) {
        JsonElement value = json.get(key);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonArray()) {
            throw wrong(key, value, "an array");
        }
        return value.getAsJsonArray();
    }

    /** A string, or {@code fallback} when the key is absent or null. */
    public String string(String key, String fallback) {
        JsonElement value = json.get(key);
        if (value == null || value.isJsonNull()) {
            return fallback;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw wrong(key, value, "a string");
        }
        return value.getAsString();
    }

    /** A boolean, or {@code fallback} when the key is absent or null. */
    public boolean bool(String key, boolean fallback) {
        JsonElement value = json.get(key);
        if (value == null || value.isJsonNull()) {
            return fallback;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
            throw wrong(key, value, "true or false");
        }
        return value.getAsBoolean();
    }

    /** A required whole number in [min, max]. */
    public long integer(String key, long min, long max) {
        JsonElement value = json.get(key);
        if (value == null || value.isJsonNull()) {
            throw failure.apply(quoted(key) + " is missing; it must be a whole number from " + min + " to " + max);
        }
        return integer(quoted(key), value, min, max, failure);
    }

    /** A whole number in [min, max], or {@code fallback} when the key is absent or null. */
    public long integer(String key, long min, long max, long fallback) {
        return has(key) ? integer(key, min, max) : fallback;
    }

    /** A finite number in [min, max], or {@code fallback} when the key is absent or null. */
    public double number(String key, double min, double max, double fallback) {
        double number = number(key, fallback);
        if (!(number >= min && number <= max)) {
            throw failure.apply(
                    quoted(key) + " is " + json.get(key) + ", outside [" + bound(min) + ", " + bound(max) + "]");
        }
        return number;
    }

    /** A probability such as a dropout rate: a number in [0, 1), or {@code fallback} when absent or null. */
    public double probability(String key, double fallback) {
        double p = number(key, fallback);
        if (!(p >= 0 && p < 1)) {
            throw failure.apply(quoted(key) + " is " + json.get(key) + ", outside [0, 1) (it is a probability)");
        }
        return p;
    }

    private double number(String key, double fallback) {
        JsonElement value = json.get(key);
        if (value == null || value.isJsonNull()) {
            return fallback;
        }
        if (!isNumber(value)) {
            throw wrong(key, value, "a number");
        }
        return value.getAsDouble();
    }

    private static String bound(double value) {
        boolean whole = value == Math.rint(value) && Math.abs(value) < 1e15;
        return whole ? Long.toString((long) value) : Double.toString(value);
    }

    /**
     * A whole number in [min, max] found anywhere (an array element, a map value).
     *
     * @param what names the value in messages, e.g. {@code model.vocab["hello"]}
     */
    public static long integer(
            String what, JsonElement value, long min, long max, Function<String, ? extends RuntimeException> failure) {
        if (!isNumber(value)) {
            throw failure.apply(what + " is " + describe(value) + " where a whole number was expected");
        }
        BigDecimal exact = value.getAsBigDecimal();
        if (exact.stripTrailingZeros().scale() > 0) {
            throw failure.apply(what + " is " + value + ", not a whole number");
        }
        if (exact.compareTo(BigDecimal.valueOf(min)) < 0 || exact.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw failure.apply(what + " is " + value + ", outside the range " + min + " to " + max);
        }
        return exact.longValueExact();
    }

    /** A short description of what a JSON value is, for messages: its text when short, else its kind. */
    public static String describe(JsonElement value) {
        if (value == null || value.isJsonNull()) {
            return "null";
        }
        String text = value.toString();
        if (text.length() <= 40) {
            return text;
        }
        return value.isJsonObject()
                ? "an object"
                : value.isJsonArray() ? "an array of " + value.getAsJsonArray().size() : text.substring(0, 37) + "...";
    }

    private static boolean isNumber(JsonElement value) {
        if (value == null
                || !value.isJsonPrimitive()
                || !value.getAsJsonPrimitive().isNumber()) {
            return false;
        }
        try {
            // Gson keeps a lenient NaN or Infinity as a number it cannot represent
            return value.getAsBigDecimal() != null;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private RuntimeException wrong(String key, JsonElement value, String expected) {
        return failure.apply(quoted(key) + " is " + describe(value) + " where " + expected + " was expected");
    }

    private String quoted(String key) {
        return "\"" + path(key) + "\"";
    }

    private String path(String key) {
        return where.isEmpty() ? key : where + "." + key;
    }
}
