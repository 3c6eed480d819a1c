package dev.stellar.finetune.data;

import dev.stellar.finetune.config.ConfigurationException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns DuckDB's read errors into messages that name the file, the line and the fix. */
final class ReadFailures {

    private static final Pattern CSV_LINE = Pattern.compile("CSV Error on Line: (\\d+)");
    private static final Pattern COLUMN_COUNT = Pattern.compile("Expected Number of Columns: (\\d+) Found: (\\d+)");
    private static final String UTF8 = "Invalid unicode";
    private static final String UNTERMINATED = "unterminated quote";
    private static final String ORIGINAL = "Original Line: ";

    private ReadFailures() {}

    static ConfigurationException csv(SQLException e, DataFile file, DataFormat format, String parameter) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        Matcher lineMatch = CSV_LINE.matcher(message);
        if (message.contains(UTF8)) {
            return notUtf8(
                    file,
                    TextLines.firstNonUtf8(file.path())
                            .map(TextLines.Problem::line)
                            .orElse(lineMatch.find() ? Integer.parseInt(lineMatch.group(1)) : -1),
                    parameter);
        }
        if (!lineMatch.find()) {
            return generic(e, file, format, parameter);
        }
        int record = Integer.parseInt(lineMatch.group(1));
        Matcher counts = COLUMN_COUNT.matcher(message);
        boolean columnCount = counts.find();
        String original = original(message, columnCount ? counts.start() : message.indexOf(UNTERMINATED));
        String firstLine = original.lines().findFirst().orElse("");
        // DuckDB counts records, not lines: a quoted value that spans lines shifts the count.
        int line = TextLines.find(file.path(), record, firstLine).orElse(record);
        String where = "line " + line + " (" + TextLines.shorten(firstLine) + ")";
        if (columnCount) {
            int expected = Integer.parseInt(counts.group(1));
            int found = Integer.parseInt(counts.group(2));
            String fix = found > expected
                    ? (format == DataFormat.TSV
                            ? "remove the stray tab characters from that line"
                            : "put values that contain a comma in double quotes (\"a, b\"), double any quote inside"
                                    + " a quoted value (\"\"), or remove the extra value")
                    : "add the missing value(s) to that line, or remove the line";
            return new ConfigurationException(
                    parameter,
                    file.path(),
                    where + " has " + found + " value" + (found == 1 ? "" : "s") + " where the header has " + expected,
                    fix);
        }
        if (message.contains(UNTERMINATED)) {
            return new ConfigurationException(
                    parameter,
                    file.path(),
                    where + " opens a quote that is never closed",
                    "close the quote, or write a quote inside a quoted value twice (\"\")");
        }
        return new ConfigurationException(
                parameter,
                file.path(),
                where + " cannot be read: " + afterOriginal(message),
                "correct that line of the file");
    }

    static ConfigurationException json(SQLException e, DataFile file, String parameter) {
        Optional<TextLines.Problem> problem = TextLines.firstBadJsonLine(file.path());
        if (problem.isEmpty()) {
            return generic(e, file, DataFormat.JSON_LINES, parameter);
        }
        TextLines.Problem p = problem.get();
        if (p.notUtf8()) {
            return notUtf8(file, p.line(), parameter);
        }
        return new ConfigurationException(
                parameter,
                file.path(),
                "line " + p.line() + " is not one valid JSON object (" + p.reason() + "): " + p.text(),
                "correct that line: a JSON Lines file (.jsonl, .ndjson and .json"
                        + " alike) holds one JSON object per line, e.g. {\"text\": \"great film\", \"label\": 1}");
    }

    static ConfigurationException generic(SQLException e, DataFile file, DataFormat format, String parameter) {
        String message = problemLine(e.getMessage());
        if (format == DataFormat.PARQUET
                && (message.contains("magic bytes") || message.contains("to be a Parquet file"))) {
            return new ConfigurationException(
                    parameter,
                    file.path(),
                    "the file is not a Parquet file (" + message + ")",
                    "replace it with a valid Parquet file, or give it the extension of its real format");
        }
        return new ConfigurationException(
                parameter,
                file.path(),
                "the " + format.title() + " file cannot be read: " + message,
                "check that the file is a valid " + format.title() + " file in UTF-8");
    }

    private static ConfigurationException notUtf8(DataFile file, int line, String parameter) {
        return new ConfigurationException(
                parameter,
                file.path(),
                "the file is not UTF-8" + (line > 0 ? " (the first invalid bytes are on line " + line + ")" : ""),
                "re-save the file as UTF-8, e.g. iconv -f latin1 -t utf-8 old > new, or \"Save as\" with UTF-8");
    }

    /** The text DuckDB quotes after "Original Line: ", up to where its description of the problem starts. */
    private static String original(String message, int problemStart) {
        int from = message.indexOf(ORIGINAL);
        if (from < 0) {
            return "";
        }
        from += ORIGINAL.length();
        int to = problemStart > from ? problemStart : message.indexOf('\n', from);
        return (to < 0 ? message.substring(from) : message.substring(from, to)).strip();
    }

    /** The first line of DuckDB's explanation after the quoted line. */
    private static String afterOriginal(String message) {
        int from = message.indexOf(ORIGINAL);
        List<String> lines =
                (from < 0 ? message : message.substring(from)).lines().toList();
        return lines.stream()
                .skip(1)
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .findFirst()
                .orElse(lines.get(0));
    }

    /** DuckDB's first line, without its "Invalid Input Error: " style prefix. */
    private static String problemLine(String message) {
        String first =
                message == null ? "" : message.strip().lines().findFirst().orElse("");
        int colon = first.indexOf("Error: ");
        return colon >= 0 && colon < 40 ? first.substring(colon + "Error: ".length()) : first;
    }
}
