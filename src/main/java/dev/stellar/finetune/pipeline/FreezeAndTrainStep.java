package dev.stellar.finetune.pipeline;

import dev.stellar.finetune.card.ModelCard;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.export.ModelExporter;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelSources;
import dev.stellar.finetune.train.TrainingReport;
import java.io.IOException;
import java.nio.file.Files;

/**
 * The freeze-and-train goal's work: train the classifier on the prepared splits and leave the model in
 * target/finetune/model; with freezeLayerCounts, train one model per count and keep the best. The kept model
 * is then exported (model.onnx by default) and described in its model card (README.md).
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
        EncodedSplit train = prepared.split("train");
        EncodedSplit validation = prepared.split("validation");
        if (!validation.labeled()) {
            throw new ConfigurationException(
                    "validationSplit",
                    settings.data().validationSplit(),
                    "the validation split has no labels",
                    "choose a labelled split, or let it be carved from train");
        }
        ModelDirectory pretrained = sources.resolve(settings.model(), log);
        ModelTraining training = new ModelTraining(pretrained, prepared, train, validation, log);
        TrainingReport report;
        if (settings.training().isSweep()) {
            report = new FreezeSweep(settings, training, log).run();
        } else {
            forgetEarlierSweep();
            report = training.trainInto(settings, settings.layout().modelDirectory());
        }
        new ModelExporter().export(settings.layout().modelDirectory(), settings.exportFormats(), log);
        ModelCard.write(settings.layout(), false, log); // also for a model reused as up to date: the card follows it
        return report;
    }

    /** A sweep's comparison describes the model it kept; once one model is trained alone, it describes nothing. */
    private void forgetEarlierSweep() {
        try {
            Files.deleteIfExists(settings.layout().sweepFile());
        } catch (IOException e) {
            throw new FinetuneException("Cannot delete " + settings.layout().sweepFile() + ": " + e, e);
        }
    }
}
