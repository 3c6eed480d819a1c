package dev.stellar.finetune.train;

import dev.stellar.finetune.config.SelectBestBy;
import java.util.Map;

/**
 * The figures of one epoch: training (measured on the fly, dropout on) and validation. Tokens per second
 * count real tokens, not padding.
 *
 * @param validationMetrics every validation figure by metric id (mcc, roc-auc, ...), for selectBestBy; absent
 *     from records written before it existed
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
        double learningRate,
        Map<String, Double> validationMetrics) {

    /** The criterion's validation figure; NaN where this epoch did not record it. */
    public double value(SelectBestBy criterion) {
        return switch (criterion) {
            case VALIDATION_LOSS -> validationLoss;
            case ACCURACY -> validationAccuracy;
            case F1 -> validationF1;
            default -> {
                Double value = validationMetrics == null
                        ? null
                        : validationMetrics.get(criterion.metric().id());
                yield value == null ? Double.NaN : value;
            }
        };
    }
}
