package dev.stellar.finetune.testing;

import dev.stellar.finetune.config.DataSettings;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.config.GateSettings;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.HubSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.config.ReuseSettings;
import dev.stellar.finetune.config.SelectBestBy;
import dev.stellar.finetune.config.TrainingSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Settings with the plugin's defaults, for tests that run the pipeline without Maven. */
public final class TestSettings {

    private TestSettings() {}

    /** Fast training settings for the tiny model on a small data set. */
    public static TrainingSettings quickTraining(int epochs, double learningRate) {
        return new TrainingSettings(0, epochs, 16, learningRate, 0.01, 0.0, 1.0, SelectBestBy.VALIDATION_LOSS, 0);
    }

    /** The tiny model on the ITs' sentiment data (src/it/data/sentiment), maxLength 32, mean pooling. */
    public static FinetuneSettings tinySentiment(Path project, TrainingSettings training, ReuseSettings reuse) {
        DataSettings data = new DataSettings(
                Path.of("src/it/data/sentiment").toAbsolutePath().toString(),
                Map.of(),
                List.of("text"),
                "label",
                List.of(),
                "train",
                null,
                null,
                0.1,
                0,
                32);
        return new FinetuneSettings(
                project,
                project.resolve("target/finetune"),
                TestModels.tinyBert().toString(),
                null,
                null,
                data,
                new HeadSettings(List.of(16), 0.1, Pooling.MEAN),
                training,
                new GateSettings(null, null, "validation", true),
                reuse,
                42,
                2);
    }

    public static FinetuneSettings of(Path project, String model, String dataset, HubSettings hub) {
        DataSettings data = new DataSettings(
                dataset, Map.of(), List.of("text"), "label", List.of(), "train", null, null, 0.1, 0, 128);
        return new FinetuneSettings(
                project,
                project.resolve("target/finetune"),
                model,
                null,
                hub,
                data,
                new HeadSettings(List.of(256), 0.1, Pooling.POOLER),
                new TrainingSettings(0, 3, 32, 5e-5, 0.01, 0.1, 1.0, SelectBestBy.VALIDATION_LOSS, 0),
                new GateSettings(null, null, "validation", true),
                null,
                42,
                2);
    }
}
