package dev.stellar.finetune.predict;

import dev.stellar.finetune.model.ModelTask;
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
 * @param task what the model's outputs mean
 */
public record PredictionReport(
        String model,
        List<String> labels,
        List<String> textColumns,
        List<Prediction> predictions,
        String predictionsFile,
        ModelTask task) {

    public PredictionReport {
        task = task == null ? ModelTask.SINGLE_LABEL : task;
    }

    /** The report of a single-label model. */
    public PredictionReport(
            String model,
            List<String> labels,
            List<String> textColumns,
            List<Prediction> predictions,
            String predictionsFile) {
        this(model, labels, textColumns, predictions, predictionsFile, ModelTask.SINGLE_LABEL);
    }

    /** The same report, written to {@code file}. */
    public PredictionReport writtenTo(String file) {
        return new PredictionReport(model, labels, textColumns, predictions, file, task);
    }

    /**
     * Rows per predicted label, in label order (labels never predicted count 0); for multi-label each row counts
     * for every label it is given; empty for regression.
     */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (task.isRegression()) {
            return counts;
        }
        labels.forEach(label -> counts.put(label, 0));
        for (Prediction p : predictions) {
            if (task.isMultiLabel()) {
                for (int k = 0; k < labels.size(); k++) {
                    if (p.probabilities()[k] >= task.threshold()) {
                        counts.merge(labels.get(k), 1, Integer::sum);
                    }
                }
            } else {
                counts.merge(p.label(), 1, Integer::sum);
            }
        }
        return counts;
    }
}
