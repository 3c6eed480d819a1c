package dev.stellar.finetune.pipeline;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.data.DataPreparation;
import dev.stellar.finetune.data.DatasetSource;
import dev.stellar.finetune.data.PreparedData;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelSources;
import java.util.List;

/** The prepare-data goal's work: read, split and tokenize the data set with the model's tokenizer. */
public final class PrepareDataStep {

    private final FinetuneSettings settings;
    private final ModelSources sources;
    private final List<DatasetSource> datasets;
    private final BuildLog log;

    public PrepareDataStep(
            FinetuneSettings settings, ModelSources sources, List<DatasetSource> datasets, BuildLog log) {
        this.settings = settings;
        this.sources = sources;
        this.datasets = datasets;
        this.log = log;
    }

    public PreparedData run() {
        settings.data().requireSource();
        ModelDirectory model = sources.resolve(settings.model(), log);
        int positions = model.config().architecture().maxTokens(model.config());
        if (settings.data().maxLength() > positions) {
            throw new ConfigurationException(
                    "maxLength",
                    settings.data().maxLength(),
                    "the model " + settings.model() + " takes at most " + positions + " positions",
                    "set <maxLength> to " + positions + " or less");
        }
        return new DataPreparation(settings.data(), settings.seed(), settings.baseDirectory(), datasets, log)
                .run(model, settings.layout().dataDirectory());
    }
}
