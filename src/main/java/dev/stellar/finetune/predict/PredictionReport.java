package dev.stellar.finetune.predict;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What finetune:predict produced.
 *
 * @param model the model directory that classified (an archive's unpacked directory)
 * @param labels the model's label names in id order
 * @param textColumns the columns the texts came from ({@code text}, and {@code text_pair} for a pair, for a text
 *     from the command line)
 * @param predictions one per row, in input order
 * @param predictionsFile where the CSV was written, or {@code null}
 */
public record PredictionReport(
        String model,
        List<String> labels,
        List<String> textColumns,
        List<Prediction> predictions,
        String predictionsFile) {

    /** Rows per predicted label, in label order (labels never predicted count 0). */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        labels.forEach(label -> counts.put(label, 0));
        predictions.forEach(p -> counts.merge(p.label(), 1, Integer::sum));
        return counts;
    }
}
