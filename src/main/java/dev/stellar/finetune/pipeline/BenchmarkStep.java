package dev.stellar.finetune.pipeline;

import dev.stellar.finetune.bench.BenchmarkReport;
import dev.stellar.finetune.bench.ShapeBenchmark;
import dev.stellar.finetune.config.BenchmarkSettings;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.export.ModelExporter;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.FreezePlan;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelSources;
import dev.stellar.finetune.model.ModelWriter;
import dev.stellar.finetune.model.arch.KernelKind;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The finetune:benchmark goal's work: training and inference throughput of the model at a fixed shape. */
public final class BenchmarkStep {

    private final FinetuneSettings settings;
    private final BenchmarkSettings shape;
    private final ModelSources sources;
    private final BuildLog log;

    public BenchmarkStep(FinetuneSettings settings, BenchmarkSettings shape, ModelSources sources, BuildLog log) {
        this.settings = settings;
        this.shape = shape;
        this.sources = sources;
        this.log = log;
    }

    public BenchmarkReport run() {
        ModelDirectory pretrained = sources.resolve(settings.model(), log);
        var precision = settings.training().precision();
        KernelKind kind = KernelKind.of(precision);
        try (ClassifierModel model = ClassifierModel.fromPretrained(
                pretrained, settings.head(), List.of("0", "1"), settings.seed(), kind, log)) {
            new FreezePlan(
                            settings.training().freezeLayerCount(),
                            pretrained.config().numLayers())
                    .apply(model);
            log.info(String.format(
                    Locale.ROOT,
                    "Benchmark of %s: batch %d x %d tokens, freezeLayerCount %d, %s, %d"
                            + " threads, median of %d steps",
                    settings.model(),
                    shape.batchSize(),
                    shape.sequenceLength(),
                    settings.training().freezeLayerCount(),
                    kind.label(),
                    settings.threads(),
                    shape.steps()));
            Map<String, Path> exports = export(model, pretrained);
            BenchmarkReport report = new ShapeBenchmark(
                            model, settings.training().freezeLayerCount(), kind.label(), settings.threads(), log)
                    .run(settings.model(), shape.batchSize(), shape.sequenceLength(), shape.steps(), kind, exports);
            Json.write(settings.workDirectory().resolve("benchmark.json"), report);
            return report;
        }
    }

    /** The benchmark's classifier saved and exported in each of exportFormats, to time in ONNX Runtime. */
    private Map<String, Path> export(ClassifierModel model, ModelDirectory pretrained) {
        Map<String, Path> exports = new LinkedHashMap<>();
        if (settings.exportFormats().isEmpty()) {
            return exports;
        }
        Path directory = settings.workDirectory().resolve("benchmark-model");
        ModelWriter.write(
                model, directory, pretrained.path(), shape.sequenceLength(), Map.of("benchmark", true), Map.of(), "");
        new ModelExporter().export(directory, settings.exportFormats(), log);
        settings.exportFormats().forEach(format -> exports.put(format.id(), directory.resolve(format.fileName())));
        return exports;
    }
}
