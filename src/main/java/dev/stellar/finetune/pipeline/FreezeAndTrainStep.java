package dev.stellar.finetune.pipeline;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.data.LabelSet;
import dev.stellar.finetune.engine.PluginVersion;
import dev.stellar.finetune.engine.ProcessMemory;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.FreezePlan;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelSources;
import dev.stellar.finetune.model.ModelSummary;
import dev.stellar.finetune.model.ModelWriter;
import dev.stellar.finetune.model.bert.Kernels;
import dev.stellar.finetune.train.ResumeStore;
import dev.stellar.finetune.train.TrainingLoop;
import dev.stellar.finetune.train.TrainingMetrics;
import dev.stellar.finetune.train.TrainingReport;
import dev.stellar.finetune.train.TrainingResult;
import java.nio.file.Path;

/**
 * The freeze-and-train goal's work: load the pretrained encoder, freeze, add the head, train on the
 * prepared splits, and write the best model to target/finetune/model. A model already trained from the
 * same inputs (same fingerprint) is kept, or restored from the model cache, instead of trained again.
 */
public final class FreezeAndTrainStep {

    private final FinetuneSettings settings;
    private final ModelSources sources;
    private final BuildLog log;

    public FreezeAndTrainStep(FinetuneSettings settings, ModelSources sources, BuildLog log) {
        this.settings = settings;
        this.sources = sources;
        this.log = log;
    }

    public TrainingReport run() {
        PreparedInputs prepared = new PreparedInputs(settings.layout());
        LabelSet labels = prepared.labels();
        EncodedSplit train = prepared.split("train");
        EncodedSplit validation = prepared.split("validation");
        if (!validation.labeled()) {
            throw new ConfigurationException("validationSplit", settings.data().validationSplit(),
                    "the validation split has no labels", "choose a labelled split, or let it be carved from train");
        }
        ModelDirectory pretrained = sources.resolve(settings.model(), log);
        FreezePlan freeze = new FreezePlan(settings.training().freezeLayerCount(), pretrained.config().numLayers());
        TrainingFingerprint fingerprint = TrainingFingerprint.of(settings, pretrained);
        TrainedModels trained = new TrainedModels(settings.layout().modelDirectory(),
                settings.reuse().cacheDirectory());
        if (!settings.reuse().force()) {
            var reused = trained.reuse(fingerprint, log);
            if (reused.isPresent()) {
                return reused.get();
            }
        }
        ResumeStore checkpoints = new ResumeStore(settings.layout().checkpointDirectory(), fingerprint.value());
        try (ClassifierModel model = ClassifierModel.fromPretrained(pretrained, settings.head(), labels.names(),
                settings.seed(), Kernels.of(settings.training().precision()), log)) {
            freeze.apply(model, settings.training().speed().frozenDropout());
            ModelSummary summary = ModelSummary.of(model);
            summary.lines().forEach(log::info);
            TrainingResult result = new TrainingLoop(model, settings.training(), settings.seed(),
                    settings.reuse().checkpointEverySteps(), log).run(train, validation, checkpoints);
            TrainingReport report = new TrainingReport(fingerprint.value(), PluginVersion.get(), settings.model(),
                    settings.seed(), settings.threads(), settings.training(), settings.head(), labels.names(),
                    train.size(), validation.size(), summary.total(), summary.trainable(), result.epochs(),
                    result.bestEpoch(), result.selectBestBy(), result.stoppedEarly(), result.steps(), result.seconds(),
                    ProcessMemory.peakResidentMiB(), prepared.encoding().maxLength(),
                    prepared.encoding().textColumns());
            Path modelDirectory = settings.layout().modelDirectory();
            ModelWriter.write(model, modelDirectory, prepared.tokenizerDirectory(), report,
                    TrainingMetrics.of(result));
            checkpoints.clear();
            trained.remember(fingerprint, log);
            log.info("Model written to " + modelDirectory + " (best epoch " + result.bestEpoch() + " by validation "
                    + result.selectBestBy() + ", fingerprint " + fingerprint.shortValue() + ")");
            return report;
        }
    }
}
