package dev.stellar.finetune.train;

import java.util.List;

/**
 * What a training run did.
 *
 * @param bestEpoch the epoch whose weights the model now holds (1-based)
 * @param stoppedEarly true when early stopping ended the run before the last epoch
 */
public record TrainingResult(
        List<EpochRecord> epochs, int bestEpoch, String selectBestBy, boolean stoppedEarly, int steps, double seconds) {

    public EpochRecord best() {
        return epochs.get(bestEpoch - 1);
    }
}
