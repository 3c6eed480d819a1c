package dev.stellar.finetune.pipeline;

import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.data.LabelSet;
import dev.stellar.finetune.engine.PluginVersion;
import dev.stellar.finetune.engine.ProcessMemory;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.model.BaseModel;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.FreezePlan;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelSummary;
import dev.stellar.finetune.model.ModelTask;
import dev.stellar.finetune.model.ModelWriter;
import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.train.ResumeStore;
import dev.stellar.finetune.train.TrainingLoop;
import dev.stellar.finetune.train.TrainingMetrics;
import dev.stellar.finetune.train.TrainingReport;
import dev.stellar.finetune.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Trains one model from the prepared splits into a directory: load the pretrained encoder, freeze, add the
 * head, train, write. A model already trained from the same inputs (same fingerprint) is kept, or restored
 * from the model cache, instead of trained again.
 */
final class ModelTraining {

    private final ModelDirectory pretrained;
    private final PreparedInputs prepared;
    private final LabelSet labels;
    private final EncodedSplit train;
    private final EncodedSplit validation;
    private final BuildLog log;

    ModelTraining(
            ModelDirectory pretrained,
            PreparedInputs prepared,
            EncodedSplit train,
            EncodedSplit validation,
            BuildLog log) {
        this.pretrained = pretrained;
        this.prepared = prepared;
        this.labels = prepared.labels();
        this.train = train;
        this.validation = validation;
        this.log = log;
    }

    int layerCount() {
        return pretrained.config().numLayers();
    }

    /** @param settings the settings of this one model (its training settings name one freeze count) */
    TrainingReport trainInto(FinetuneSettings settings, Path modelDirectory) {
        FreezePlan freeze = new FreezePlan(
                settings.training().freezeLayerCount(), pretrained.config().numLayers());
        TrainingFingerprint fingerprint = TrainingFingerprint.of(settings, pretrained);
        TrainedModels trained =
                new TrainedModels(modelDirectory, settings.reuse().cacheDirectory());
        if (!settings.reuse().force()) {
            var reused = trained.reuse(fingerprint, log);
            if (reused.isPresent()) {
                return reused.get();
            }
        }
        ResumeStore checkpoints = new ResumeStore(settings.layout().checkpointDirectory(), fingerprint.value(), log);
        if (settings.reuse().force() && Files.exists(checkpoints.directory())) {
            log.info("Discarding the checkpoint in " + checkpoints.directory() + ": -Dfinetune.force=true trains"
                    + " from the start");
            checkpoints.clear();
        }
        try (ClassifierModel model = ClassifierModel.fromPretrained(
                pretrained,
                settings.head(),
                labels.names(),
                new ModelTask(
                        prepared.encoding().problem(),
                        settings.data().labelling().threshold()),
                settings.seed(),
                KernelKind.of(settings.training().precision()),
                log)) {
            freeze.apply(model, settings.training().speed().frozenDropout());
            ModelSummary summary = ModelSummary.of(model);
            summary.lines().forEach(log::info);
            TrainingResult result = new TrainingLoop(
                            model,
                            settings.training(),
                            settings.seed(),
                            settings.reuse().checkpointEverySteps(),
                            log)
                    .run(train, validation, checkpoints);
            TrainingReport report = new TrainingReport(
                    fingerprint.value(),
                    PluginVersion.get(),
                    settings.modelName(),
                    settings.seed(),
                    settings.threads(),
                    settings.training(),
                    model.head(),
                    labels.names(),
                    train.size(),
                    validation.size(),
                    summary.total(),
                    summary.trainable(),
                    summary.rows(),
                    result.epochs(),
                    result.bestEpoch(),
                    result.selectBestBy(),
                    result.stoppedEarly(),
                    result.steps(),
                    result.seconds(),
                    ProcessMemory.peakResidentMiB(),
                    prepared.encoding().maxLength(),
                    prepared.encoding().textColumns(),
                    BaseModel.of(pretrained),
                    result.classWeights());
            TrainingMetrics metrics = TrainingMetrics.of(result);
            ModelWriter.write(
                    model,
                    modelDirectory,
                    prepared.tokenizerDirectory(),
                    report.maxLength(),
                    report,
                    metrics,
                    metrics.toCsv());
            checkpoints.clear();
            trained.remember(fingerprint, log);
            log.info("Model written to " + modelDirectory + " (best epoch " + result.bestEpoch() + " by validation "
                    + result.selectBestBy().replace("validation-", "") + ", fingerprint " + fingerprint.shortValue()
                    + ")");
            return report;
        }
    }
}
