package dev.stellar.finetune.predict;

import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How predict shows its answers in the build log. */
public final class PredictionLines {

    /** Texts are shortened to about this many characters. */
    static final int TEXT_WIDTH = 80;
    /** At most this many rows of a file are printed; the predictions file holds them all. */
    static final int MAX_ROWS = 1000;

    private PredictionLines() {}

    /** The lines of a report: one per prediction, and for several rows a summary per label. */
    public static List<String> of(PredictionReport report, boolean fromFile) {
        List<String> lines = new ArrayList<>();
        List<Prediction> predictions = report.predictions();
        for (Prediction p : predictions.subList(0, Math.min(MAX_ROWS, predictions.size()))) {
            lines.add(fromFile ? row(p, report) : text(p, report));
        }
        if (predictions.size() > MAX_ROWS) {
            lines.add("... " + (predictions.size() - MAX_ROWS) + " more rows"
                    + (report.predictionsFile() == null
                            ? " (-Dfinetune.predictionsFile=predictions.csv writes all)"
                            : " (all in " + report.predictionsFile() + ")"));
        }
        if (predictions.size() > 1) {
            lines.add(summary(report));
        }
        return lines;
    }

    /** {@code "a great film" -> positive (0.973) | negative 0.027, positive 0.973} */
    public static String text(Prediction p, List<String> labels) {
        return quoted(p) + " -> " + answer(p, labels);
    }

    static String text(Prediction p, PredictionReport report) {
        return quoted(p) + " -> " + answer(p, report);
    }

    /** {@code row 3: positive (0.973) | negative 0.027, positive 0.973 | "a great film"} */
    public static String row(Prediction p, List<String> labels) {
        return "row " + p.row() + ": " + answer(p, labels) + " | " + quoted(p);
    }

    static String row(Prediction p, PredictionReport report) {
        return "row " + p.row() + ": " + answer(p, report) + " | " + quoted(p);
    }

    /**
     * {@code 60 rows: negative 31 (51.7%), positive 29 (48.3%)}; for regression {@code 60 rows: mean 2.41, from
     * 0.12 to 4.87}.
     */
    public static String summary(PredictionReport report) {
        int total = report.predictions().size();
        if (report.task().isRegression()) {
            DoubleSummaryStatistics values = report.predictions().stream()
                    .mapToDouble(p -> p.probabilities()[0])
                    .summaryStatistics();
            return String.format(
                    Locale.ROOT,
                    "%d rows: mean %.4f, from %.4f to %.4f",
                    total,
                    values.getAverage(),
                    values.getMin(),
                    values.getMax());
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Integer> e : report.counts().entrySet()) {
            parts.add(String.format(
                    Locale.ROOT,
                    "%s %d (%.1f%%)",
                    e.getKey(),
                    e.getValue(),
                    total == 0 ? 0.0 : 100.0 * e.getValue() / total));
        }
        return total + " rows: " + String.join(", ", parts);
    }

    /**
     * Multi-label: {@code billing|bug | billing 0.912, bug 0.771, feature 0.031}; regression: the value; else as
     * {@link #answer(Prediction, List)}.
     */
    private static String answer(Prediction p, PredictionReport report) {
        if (report.task().isRegression()) {
            return p.label();
        }
        if (!report.task().isMultiLabel()) {
            return answer(p, report.labels());
        }
        List<String> all = new ArrayList<>();
        for (int i = 0; i < report.labels().size(); i++) {
            all.add(String.format(Locale.ROOT, "%s %.3f", report.labels().get(i), p.probabilities()[i]));
        }
        return (p.label().isEmpty() ? "(none)" : p.label()) + " | " + String.join(", ", all);
    }

    private static String answer(Prediction p, List<String> labels) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            all.add(String.format(Locale.ROOT, "%s %.3f", labels.get(i), p.probabilities()[i]));
        }
        return String.format(Locale.ROOT, "%s (%.3f) | %s", p.label(), p.confidence(), String.join(", ", all));
    }

    private static String quoted(Prediction p) {
        String text = "\"" + shorten(p.text(), p.pair() == null ? TEXT_WIDTH : TEXT_WIDTH / 2) + "\"";
        return p.pair() == null ? text : text + " / \"" + shorten(p.pair(), TEXT_WIDTH / 2) + "\"";
    }

    /** On one line, and cut to {@code width} characters with an ellipsis. */
    static String shorten(String text, int width) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= width ? line : line.substring(0, width - 3) + "...";
    }
}
