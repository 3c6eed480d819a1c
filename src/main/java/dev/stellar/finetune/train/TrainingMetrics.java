package dev.stellar.finetune.train;

import java.util.List;
import java.util.Locale;

/**
 * metrics.json and metrics.csv: the figures of every epoch without timings, so two runs of the same inputs
 * write the same bytes (training.json adds the timings).
 */
public record TrainingMetrics(int bestEpoch, String selectBestBy, List<Epoch> epochs) {

    /** One epoch's losses and scores. */
    public record Epoch(
            int epoch,
            int steps,
            double trainLoss,
            double trainAccuracy,
            double trainF1,
            double validationLoss,
            double validationAccuracy,
            double validationF1,
            double learningRate) {}

    private static final String CSV_HEADER = "epoch,steps,train_loss,train_accuracy,train_f1,validation_loss,"
            + "validation_accuracy,validation_f1,learning_rate,best";

    public static TrainingMetrics of(TrainingResult result) {
        return new TrainingMetrics(
                result.bestEpoch(),
                result.selectBestBy(),
                result.epochs().stream()
                        .map(e -> new Epoch(
                                e.epoch(),
                                e.steps(),
                                e.trainLoss(),
                                e.trainAccuracy(),
                                e.trainF1(),
                                e.validationLoss(),
                                e.validationAccuracy(),
                                e.validationF1(),
                                e.learningRate()))
                        .toList());
    }

    /** One row per epoch for spreadsheets and CI dashboards; {@code best} is 1 on the epoch whose weights were kept. */
    public String toCsv() {
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        for (Epoch e : epochs) {
            csv.append(String.format(
                    Locale.ROOT,
                    "%d,%d,%s,%s,%s,%s,%s,%s,%s,%d%n",
                    e.epoch(),
                    e.steps(),
                    e.trainLoss(),
                    e.trainAccuracy(),
                    e.trainF1(),
                    e.validationLoss(),
                    e.validationAccuracy(),
                    e.validationF1(),
                    e.learningRate(),
                    e.epoch() == bestEpoch ? 1 : 0));
        }
        return csv.toString();
    }
}
