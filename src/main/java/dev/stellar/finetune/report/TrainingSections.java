package dev.stellar.finetune.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.stellar.finetune.data.PreparedData;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.log.Durations;
import dev.stellar.finetune.model.ModelSummary;
import dev.stellar.finetune.train.EpochRecord;
import dev.stellar.finetune.train.TrainingReport;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** The report's sections about training: configuration, model summary, learning curves and timings. */
final class TrainingSections {

    static final String TRAIN_COLOR = "#4c78a8";
    static final String VALIDATION_COLOR = "#f58518";

    private TrainingSections() {}

    static String configuration(TrainingReport training, Optional<PreparedData> data) {
        Table table = new Table("settings", "Setting", "Value");
        table.row("model", modelLocation(training.model()));
        table.row("labels", String.join(", ", training.labels()));
        data.ifPresent(d -> {
            table.row("text columns", String.join(", ", d.textColumns()));
            table.row("label column", d.labelColumn());
            table.row("maxLength", d.maxLength());
            table.row("tokenizer", d.tokenizer());
        });
        flatten("", Json.tree(training.training()), table);
        flatten("head.", Json.tree(training.head()), table);
        table.row("seed", training.seed());
        table.row("threads", training.threads());
        table.row("plugin version", training.pluginVersion());
        table.row("fingerprint", training.fingerprint());
        return table.html();
    }

    private static String modelLocation(String model) {
        try {
            return Path.of(model).normalize().toString();
        } catch (InvalidPathException e) {
            return model;
        }
    }

    /** Nested settings as dotted names (speed.precision), in the order the settings declare them. */
    private static void flatten(String prefix, JsonElement element, Table table) {
        if (element instanceof JsonObject object) {
            for (Map.Entry<String, JsonElement> e : object.entrySet()) {
                flatten(prefix + e.getKey() + (e.getValue().isJsonObject() ? "." : ""), e.getValue(), table);
            }
        } else if (element.isJsonArray()) {
            table.row(prefix, element.getAsJsonArray().isEmpty() ? "(none)" : element.toString());
        } else if (!element.isJsonNull()) {
            table.row(prefix, element.getAsString());
        }
    }

    static String modelSummary(TrainingReport training) {
        Table table = new Table("summary", "Block (type)", "Parameters", "Trainable", "Status");
        for (ModelSummary.Row row : training.summary()) {
            table.classedRow(
                    row.status().equals("frozen") ? "frozen" : null,
                    row.name() + " (" + row.type() + ")",
                    Html.count(row.parameters()),
                    Html.count(row.trainable()),
                    row.status());
        }
        table.classedRow(
                "total",
                "Total",
                Html.count(training.totalParameters()),
                Html.count(training.trainableParameters()),
                Html.percent(training.trainableParameters() / (double) Math.max(1, training.totalParameters()))
                        + " trainable");
        return table.html();
    }

    static String curves(TrainingReport training) {
        List<EpochRecord> epochs = training.epochs();
        String best = "best epoch " + training.bestEpoch() + " (" + training.selectBestBy() + ")";
        return "<div class=\"charts\">"
                + chart(
                        "Loss",
                        "cross-entropy",
                        epochs,
                        EpochRecord::trainLoss,
                        EpochRecord::validationLoss,
                        training.bestEpoch(),
                        best)
                + chart(
                        "Accuracy",
                        "accuracy",
                        epochs,
                        EpochRecord::trainAccuracy,
                        EpochRecord::validationAccuracy,
                        training.bestEpoch(),
                        best)
                + chart("F1", "F1", epochs, EpochRecord::trainF1, EpochRecord::validationF1, training.bestEpoch(), best)
                + "</div><p class=\"note\">Training figures are measured during each epoch with dropout on;"
                + " validation figures after it. The marked epoch's weights are the model's.</p>";
    }

    private static String chart(
            String title,
            String yLabel,
            List<EpochRecord> epochs,
            ToDoubleFunction<EpochRecord> train,
            ToDoubleFunction<EpochRecord> validation,
            int bestEpoch,
            String mark) {
        return new LineChart(title, yLabel)
                .add(new LineChart.Series(
                        "train", TRAIN_COLOR, epochs.stream().mapToDouble(train).toArray(), false))
                .add(new LineChart.Series(
                        "validation",
                        VALIDATION_COLOR,
                        epochs.stream().mapToDouble(validation).toArray(),
                        true))
                .mark(bestEpoch, mark)
                .svg();
    }

    static String timings(TrainingReport training) {
        Table table = new Table(
                "timings", "Epoch", "Steps", "Training", "Validation", "Samples/s", "Tokens/s", "Learning rate");
        for (EpochRecord e : training.epochs()) {
            table.classedRow(
                    e.epoch() == training.bestEpoch() ? "best" : null,
                    String.valueOf(e.epoch()),
                    String.valueOf(e.steps()),
                    seconds(e.trainSeconds()),
                    seconds(e.validationSeconds()),
                    String.format(Locale.ROOT, "%.1f", e.trainSamplesPerSecond()),
                    String.format(Locale.ROOT, "%,.0f", e.trainTokensPerSecond()),
                    String.format(Locale.ROOT, "%.3g", e.learningRate()));
        }
        String memory = training.peakResidentMiB() > 0
                ? String.format(Locale.ROOT, ", peak resident memory %,.0f MiB", training.peakResidentMiB())
                : "";
        return table.html() + "<p>"
                + Html.escape(String.format(
                        Locale.ROOT,
                        "%d training rows, %d validation rows;" + " %d optimizer steps in %s (%s per epoch)%s%s.",
                        training.trainRows(),
                        training.validationRows(),
                        training.steps(),
                        Durations.clock(training.trainingSeconds()),
                        Durations.clock(training.trainingSeconds()
                                / Math.max(1, training.epochs().size())),
                        memory,
                        training.stoppedEarly() ? "; stopped early" : ""))
                + "</p>";
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.1f s", value);
    }
}
