package dev.stellar.finetune.train;

import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.TrainingSettings;
import dev.stellar.finetune.model.BaseModel;
import dev.stellar.finetune.model.ModelSummary;
import java.util.List;
import java.util.Map;

/**
 * training.json: every setting that shaped the model, the per-epoch figures and how the run went.
 *
 * @param fingerprint of everything that decided the model (see the pipeline's TrainingFingerprint)
 * @param model the pretrained model as the user named it (a path, a Hub id, or Maven coordinates)
 * @param summary the model's blocks with their parameters, trainable or frozen
 * @param peakResidentMiB the training process's peak resident memory, -1 where unknown
 * @param maxLength the token budget the training data was encoded with (0 in models of earlier versions)
 * @param textColumns the text column(s) of the training data, two for a sentence-pair model ({@code null} in
 *     models of earlier versions)
 * @param baseModel where the pretrained model came from ({@code null} in models of earlier versions)
 * @param classWeights each label's class weight as resolved on the train split (row weights for single-label,
 *     pos_weight for multi-label); {@code null} without class weights and in models of earlier versions
 */
public record TrainingReport(
        String fingerprint,
        String pluginVersion,
        String model,
        long seed,
        int threads,
        TrainingSettings training,
        HeadSettings head,
        List<String> labels,
        int trainRows,
        int validationRows,
        long totalParameters,
        long trainableParameters,
        List<ModelSummary.Row> summary,
        List<EpochRecord> epochs,
        int bestEpoch,
        String selectBestBy,
        boolean stoppedEarly,
        int steps,
        double trainingSeconds,
        double peakResidentMiB,
        int maxLength,
        List<String> textColumns,
        BaseModel baseModel,
        Map<String, Double> classWeights) {}
