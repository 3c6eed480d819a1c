package dev.stellar.finetune.train;

import java.util.List;
import java.util.Map;

/**
 * What a training run did.
 *
 * @param bestEpoch the epoch whose weights the model now holds (1-based)
 * @param stoppedEarly true when early stopping ended the run before the last epoch
 * @param classWeights each label's resolved class weight, in label order; {@code null} without class weights
 */
public record TrainingResult(
        List<EpochRecord> epochs,
        int bestEpoch,
        String selectBestBy,
        boolean stoppedEarly,
        int steps,
        double seconds,
        Map<String, Double> classWeights) {

    public EpochRecord best() {
        return epochs.get(bestEpoch - 1);
    }
}
