package dev.stellar.finetune.data;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Looks at a text data file line by line to say exactly where it goes wrong: DuckDB's own line numbers
 * count CSV records rather than lines, and are one too high for malformed JSON Lines (DuckDB 2.0.0.1).
 * Reads plain and .gz files; other compressions are not looked into.
 */
final class TextLines {

    /** A line that is wrong, and why. {@code text} is the line as far as it decodes, shortened. */
    record Problem(int line, String text, String reason, boolean notUtf8) {}

    /** Gson's tree adapter honours the reader's strictness, unlike JsonParser, which is always lenient. */
    private static final TypeAdapter<JsonElement> JSON = new Gson().getAdapter(JsonElement.class);

    private interface LineVisitor {
        /** Returns a problem to stop at it, or {@code null} to go on. */
        Problem visit(int line, byte[] bytes);
    }

    private TextLines() {}

    static boolean readable(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return !DataFormat.isCompressed(name) || name.endsWith(".gz");
    }

    /** The first line that is not valid UTF-8. */
    static Optional<Problem> firstNonUtf8(Path file) {
        return scan(
                file,
                (line, bytes) -> decode(bytes) == null
                        ? new Problem(line, shorten(new String(bytes, StandardCharsets.ISO_8859_1)), "not UTF-8", true)
                        : null);
    }

    /** The first line at or after {@code fromLine} whose content is {@code content}. */
    static Optional<Integer> find(Path file, int fromLine, String content) {
        return scan(
                        file,
                        (line, bytes) -> line >= fromLine && content.equals(decode(bytes))
                                ? new Problem(line, content, "", false)
                                : null)
                .map(Problem::line);
    }

    /** The first non-blank line that is not one JSON object (or not UTF-8). */
    static Optional<Problem> firstBadJsonLine(Path file) {
        return scan(file, (line, bytes) -> {
            String text = decode(bytes);
            if (text == null) {
                return new Problem(line, shorten(new String(bytes, StandardCharsets.ISO_8859_1)), "not UTF-8", true);
            }
            if (text.isBlank()) {
                return null;
            }
            String reason = jsonProblem(text);
            return reason == null ? null : new Problem(line, shorten(text), reason, false);
        });
    }

    /** Why a line is not exactly one JSON object, or {@code null} when it is. */
    static String jsonProblem(String text) {
        if (text.strip().startsWith("[")) {
            return "it starts a JSON array; each line must hold one object of its own";
        }
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement element = JSON.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                return "there is more text after the JSON value";
            }
            return element.isJsonObject() ? null : "it holds a JSON " + kind(element) + ", not an object";
        } catch (RuntimeException | IOException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            int see = message.indexOf("\nSee ");
            String reason = see > 0 ? message.substring(0, see) : message;
            // Gson counts within the one line it saw: keep the column, drop "line 1" and the JSON path.
            return reason.replaceAll(" at line \\d+ column (\\d+) path \\S*", " at column $1")
                    .trim();
        }
    }

    private static String kind(JsonElement element) {
        if (element.isJsonArray()) {
            return "array";
        }
        return element.isJsonNull() ? "null" : "value";
    }

    private static Optional<Problem> scan(Path file, LineVisitor visitor) {
        if (!readable(file)) {
            return Optional.empty();
        }
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = new BufferedInputStream(
                        file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")
                                ? new GZIPInputStream(raw)
                                : raw)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int number = 1;
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    Problem problem = visitor.visit(number++, withoutCr(line.toByteArray()));
                    if (problem != null) {
                        return Optional.of(problem);
                    }
                    line.reset();
                } else {
                    line.write(b);
                }
            }
            return line.size() > 0
                    ? Optional.ofNullable(visitor.visit(number, withoutCr(line.toByteArray())))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static byte[] withoutCr(byte[] bytes) {
        return bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? Arrays.copyOf(bytes, bytes.length - 1) : bytes;
    }

    /** Strict UTF-8, a leading byte order mark dropped; {@code null} when the bytes are not UTF-8. */
    private static String decode(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String shorten(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
