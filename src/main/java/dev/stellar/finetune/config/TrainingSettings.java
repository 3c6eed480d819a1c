package dev.stellar.finetune.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How the classifier is trained.
 *
 * @param freezeLayerCount 0: nothing frozen; -1: embeddings frozen; N: embeddings and encoder layers
 *     0..N-1 frozen
 * @param epochs passes over the training split
 * @param batchSize examples per optimizer step
 * @param learningRate peak learning rate of AdamW
 * @param weightDecay decoupled weight decay, not applied to biases and LayerNorm weights
 * @param warmupRatio share of all steps spent warming the learning rate up from 0
 * @param maxGradNorm global gradient-norm clipping threshold; 0 turns clipping off
 * @param selectBestBy which validation figure picks the epoch whose weights are kept
 * @param earlyStoppingPatience epochs without improvement before training stops; 0 turns it off
 * @param speed how the steps are computed: precision, batching, micro-batches, the frozen-activation cache
 * @param freezeLayerCounts a freeze sweep: one model per count, the best kept; empty to train one model with
 *     freezeLayerCount
 * @param classWeights how much each label's rows weigh in the training loss
 */
public record TrainingSettings(
        int freezeLayerCount,
        int epochs,
        int batchSize,
        double learningRate,
        double weightDecay,
        double warmupRatio,
        double maxGradNorm,
        SelectBestBy selectBestBy,
        int earlyStoppingPatience,
        SpeedSettings speed,
        List<Integer> freezeLayerCounts,
        ClassWeights classWeights) {

    public TrainingSettings {
        classWeights = classWeights == null ? ClassWeights.NONE : classWeights;
        Checks.atLeast(
                "freezeLayerCount",
                freezeLayerCount,
                -1,
                "use 0 to train everything, -1 to freeze only the embeddings, or N to also freeze layers 0..N-1");
        Checks.atLeast("epochs", epochs, 1, "set <epochs> to 1 or more");
        Checks.atLeast("batchSize", batchSize, 1, "set <batchSize> to a positive number such as 32");
        Checks.positive("learningRate", learningRate, "set <learningRate> to a positive number such as 5e-5");
        Checks.nonNegative("weightDecay", weightDecay, "set <weightDecay> to 0 or a small number such as 0.01");
        Checks.fraction("warmupRatio", warmupRatio, true, "use a share of the steps such as 0.1");
        Checks.nonNegative("maxGradNorm", maxGradNorm, "use a threshold such as 1.0, or 0 to turn clipping off");
        selectBestBy = selectBestBy == null ? SelectBestBy.VALIDATION_LOSS : selectBestBy;
        Checks.atLeast(
                "earlyStoppingPatience",
                earlyStoppingPatience,
                0,
                "use the number of epochs without improvement to wait, or 0 to turn early stopping off");
        speed = speed == null ? SpeedSettings.defaults() : speed;
        freezeLayerCounts = freezeLayerCounts == null ? List.of() : List.copyOf(freezeLayerCounts);
        Set<Integer> seen = new HashSet<>();
        for (int count : freezeLayerCounts) {
            Checks.atLeast("freezeLayerCounts", count, -1, "list counts of -1 or more, such as -1,2,4");
            if (!seen.add(count)) {
                throw new ConfigurationException(
                        "freezeLayerCounts",
                        freezeLayerCounts,
                        "it lists " + count + " twice",
                        "list each freeze count once");
            }
        }
    }

    public TrainingSettings(
            int freezeLayerCount,
            int epochs,
            int batchSize,
            double learningRate,
            double weightDecay,
            double warmupRatio,
            double maxGradNorm,
            SelectBestBy selectBestBy,
            int earlyStoppingPatience,
            SpeedSettings speed) {
        this(
                freezeLayerCount,
                epochs,
                batchSize,
                learningRate,
                weightDecay,
                warmupRatio,
                maxGradNorm,
                selectBestBy,
                earlyStoppingPatience,
                speed,
                List.of(),
                ClassWeights.NONE);
    }

    public TrainingSettings(
            int freezeLayerCount,
            int epochs,
            int batchSize,
            double learningRate,
            double weightDecay,
            double warmupRatio,
            double maxGradNorm,
            SelectBestBy selectBestBy,
            int earlyStoppingPatience) {
        this(
                freezeLayerCount,
                epochs,
                batchSize,
                learningRate,
                weightDecay,
                warmupRatio,
                maxGradNorm,
                selectBestBy,
                earlyStoppingPatience,
                SpeedSettings.defaults());
    }

    public Precision precision() {
        return speed.precision();
    }

    public boolean isSweep() {
        return !freezeLayerCounts.isEmpty();
    }

    /** These settings with other class weights. */
    public TrainingSettings withClassWeights(ClassWeights weights) {
        return copy(freezeLayerCount, freezeLayerCounts, weights);
    }

    /** One model of a sweep: these settings with that freeze count and no sweep, as a single training would have. */
    public TrainingSettings forFreezeCount(int count) {
        return copy(count, List.of(), classWeights);
    }

    private TrainingSettings copy(int freeze, List<Integer> sweep, ClassWeights weights) {
        return new TrainingSettings(
                freeze,
                epochs,
                batchSize,
                learningRate,
                weightDecay,
                warmupRatio,
                maxGradNorm,
                selectBestBy,
                earlyStoppingPatience,
                speed,
                sweep,
                weights);
    }
}
