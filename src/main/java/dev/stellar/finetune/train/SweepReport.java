package dev.stellar.finetune.train;

import java.util.List;

/**
 * sweep.json: a freeze sweep's models side by side, and which one was kept.
 *
 * @param selectBestBy the validation figure that compared the models (each at its own best epoch)
 * @param keptFreezeLayerCount the freeze count of the model kept as target/finetune/model
 */
public record SweepReport(String selectBestBy, int keptFreezeLayerCount, List<Entry> models) {

    /**
     * One model of the sweep.
     *
     * @param directory where the model is, relative to target/finetune
     * @param best its best epoch's figures (the weights it kept)
     */
    public record Entry(
            int freezeLayerCount,
            String directory,
            String fingerprint,
            long trainableParameters,
            long totalParameters,
            double trainingSeconds,
            int bestEpoch,
            EpochRecord best,
            List<EpochRecord> epochs) {}

    public Entry kept() {
        return models.stream()
                .filter(m -> m.freezeLayerCount() == keptFreezeLayerCount)
                .findFirst()
                .orElseThrow();
    }
}
