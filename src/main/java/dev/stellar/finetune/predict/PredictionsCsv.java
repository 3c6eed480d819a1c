package dev.stellar.finetune.predict;

import dev.stellar.finetune.io.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes predictions as CSV (RFC 4180 quoting): the text column(s), {@code predicted_label}, and one
 * {@code probability_<label>} column per label in the model's label order. Written atomically.
 */
public final class PredictionsCsv {

    public static final String PREDICTED = "predicted_label";
    public static final String PROBABILITY = "probability_";

    private PredictionsCsv() {
    }

    public static void write(Path file, PredictionReport report) {
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>(report.textColumns());
        header.add(PREDICTED);
        report.labels().forEach(label -> header.add(PROBABILITY + label));
        line(csv, header);
        for (Prediction p : report.predictions()) {
            List<String> cells = new ArrayList<>();
            cells.add(p.text());
            if (report.textColumns().size() == 2) {
                cells.add(p.pair());
            }
            cells.add(p.label());
            for (float probability : p.probabilities()) {
                cells.add(String.format(Locale.ROOT, "%.6f", probability));
            }
            line(csv, cells);
        }
        AtomicFiles.writeString(file, csv.toString());
    }

    private static void line(StringBuilder csv, List<String> cells) {
        csv.append(cells.stream().map(PredictionsCsv::cell).collect(Collectors.joining(","))).append('\n');
    }

    static String cell(String value) {
        if (value.isEmpty() || value.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')
                && value.strip().equals(value)) {
            return value;
        }
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
