package dev.stellar.finetune.predict;

import dev.stellar.finetune.io.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes predictions as CSV (RFC 4180 quoting): the text column(s), {@code predicted_label}, and one
 * {@code probability_<label>} column per label in the model's label order. Written atomically.
 *
 * <p>With {@code escapeFormulas}, a text cell (column name, text, label) that a spreadsheet would run as a formula
 * (it starts with {@code = + - @}, a tab or a carriage return) gets a leading single quote, as OWASP advises
 * against CSV injection; a cell that is just a number (a label {@code -1}) is data and stays as it is, and the
 * probabilities are numbers, never escaped.
 */
public final class PredictionsCsv {

    public static final String PREDICTED = "predicted_label";
    /** Multi-label: the labels predicted, joined by |. */
    public static final String PREDICTED_LABELS = "predicted_labels";
    /** Regression: the predicted value. */
    public static final String PREDICTED_VALUE = "predicted_value";

    public static final String PROBABILITY = "probability_";

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private PredictionsCsv() {}

    public static void write(Path file, PredictionReport report, boolean escapeFormulas) {
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>();
        report.textColumns().forEach(column -> header.add(text(column, escapeFormulas)));
        boolean regression = report.task().isRegression();
        header.add(regression ? PREDICTED_VALUE : report.task().isMultiLabel() ? PREDICTED_LABELS : PREDICTED);
        if (!regression) {
            report.labels().forEach(label -> header.add(PROBABILITY + label));
        }
        line(csv, header);
        for (Prediction p : report.predictions()) {
            List<String> cells = new ArrayList<>();
            cells.add(text(p.text(), escapeFormulas));
            if (report.textColumns().size() == 2) {
                cells.add(text(p.pair(), escapeFormulas));
            }
            if (regression) {
                cells.add(String.format(Locale.ROOT, "%.6f", p.probabilities()[0]));
            } else {
                cells.add(text(p.label(), escapeFormulas));
                for (float probability : p.probabilities()) {
                    cells.add(String.format(Locale.ROOT, "%.6f", probability));
                }
            }
            line(csv, cells);
        }
        AtomicFiles.writeString(file, csv.toString());
    }

    /** Whether a file's first record is a header {@link #write} writes: one or two text columns, then ours. */
    static boolean isHeader(List<String> cells) {
        if (cells == null) {
            return false;
        }
        int value = cells.indexOf(PREDICTED_VALUE);
        if ((value == 1 || value == 2) && value + 1 == cells.size()) {
            return true;
        }
        int predicted = Math.max(cells.indexOf(PREDICTED), cells.indexOf(PREDICTED_LABELS));
        return (predicted == 1 || predicted == 2)
                && predicted + 1 < cells.size()
                && cells.subList(predicted + 1, cells.size()).stream().allMatch(c -> c.startsWith(PROBABILITY));
    }

    private static void line(StringBuilder csv, List<String> cells) {
        csv.append(cells.stream().map(PredictionsCsv::cell).collect(Collectors.joining(",")))
                .append('\n');
    }

    /** A text cell, escaped when asked to if a spreadsheet would take it for a formula. */
    static String text(String value, boolean escapeFormulas) {
        return escapeFormulas && isFormula(value) ? "'" + value : value;
    }

    static boolean isFormula(String value) {
        if (value.isEmpty() || "=+-@\t\r".indexOf(value.charAt(0)) < 0) {
            return false;
        }
        return !NUMBER.matcher(value).matches();
    }

    static String cell(String value) {
        if (value.isEmpty()
                || (value.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')
                        && value.strip().equals(value))) {
            return value;
        }
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
