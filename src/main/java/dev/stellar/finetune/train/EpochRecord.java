package dev.stellar.finetune.train;

/**
 * The figures of one epoch: training (measured on the fly, dropout on) and validation. Tokens per second
 * count real tokens, not padding.
 */
public record EpochRecord(
        int epoch,
        int steps,
        double trainLoss,
        double trainAccuracy,
        double trainF1,
        double validationLoss,
        double validationAccuracy,
        double validationF1,
        double trainSeconds,
        double validationSeconds,
        double trainSamplesPerSecond,
        double trainTokensPerSecond,
        double learningRate) {

    public double value(dev.stellar.finetune.config.SelectBestBy criterion) {
        return switch (criterion) {
            case VALIDATION_LOSS -> validationLoss;
            case ACCURACY -> validationAccuracy;
            case F1 -> validationF1;
        };
    }
}
