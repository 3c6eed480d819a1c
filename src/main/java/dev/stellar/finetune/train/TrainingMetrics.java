package dev.stellar.finetune.train;

import java.util.List;

/**
 * metrics.json: the figures of every epoch without timings, so two runs of the same inputs write the same
 * bytes (training.json adds the timings).
 */
public record TrainingMetrics(int bestEpoch, String selectBestBy, List<Epoch> epochs) {

    /** One epoch's losses and scores. */
    public record Epoch(int epoch, int steps, double trainLoss, double trainAccuracy, double trainF1,
            double validationLoss, double validationAccuracy, double validationF1, double learningRate) {
    }

    public static TrainingMetrics of(TrainingResult result) {
        return new TrainingMetrics(result.bestEpoch(), result.selectBestBy(), result.epochs().stream()
                .map(e -> new Epoch(e.epoch(), e.steps(), e.trainLoss(), e.trainAccuracy(), e.trainF1(),
                        e.validationLoss(), e.validationAccuracy(), e.validationF1(), e.learningRate()))
                .toList());
    }
}
