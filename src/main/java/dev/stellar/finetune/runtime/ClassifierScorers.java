package dev.stellar.finetune.runtime;

import dev.stellar.finetune.config.ExportFormat;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.train.Scorer;
import dev.stellar.finetune.train.SplitScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scorers of a fine-tuned model directory. The primary one gives the model's figures: ONNX Runtime on
 * model.onnx when the directory has it (the form applications run, and faster than the engine on a CPU),
 * else the engine on model.safetensors. Each further export (model_int8.onnx) gets a scorer of its own, so
 * its figures can be set beside the primary ones.
 */
public final class ClassifierScorers implements AutoCloseable {

    private final SplitScorer primary;
    private final String primaryName;
    private final Map<ExportFormat, OnnxScorer> exports;
    private final AutoCloseable primaryResource;

    private ClassifierScorers(SplitScorer primary, String primaryName, AutoCloseable primaryResource,
            Map<ExportFormat, OnnxScorer> exports) {
        this.primary = primary;
        this.primaryName = primaryName;
        this.primaryResource = primaryResource;
        this.exports = exports;
    }

    /**
     * @param parameter the parameter that named the model, for messages ({@code model} or {@code modelDir})
     * @param threads intra-op threads of ONNX Runtime (the engine's are set when it starts)
     */
    public static ClassifierScorers open(Path modelDirectory, String parameter, int batchSize, int threads) {
        Map<ExportFormat, OnnxScorer> exports = new LinkedHashMap<>();
        AutoCloseable resource = null;
        try {
            SplitScorer primary;
            String name;
            Path onnx = modelDirectory.resolve(ExportFormat.ONNX.fileName());
            if (Files.isRegularFile(onnx)) {
                OnnxScorer scorer = new OnnxScorer(onnx, batchSize, threads);
                resource = scorer;
                primary = scorer;
                name = ExportFormat.ONNX.fileName() + " in ONNX Runtime";
            } else {
                ClassifierModel model = ClassifierModel.loadFineTuned(modelDirectory, parameter);
                resource = model;
                primary = new Scorer(model, batchSize);
                name = "model.safetensors in the engine";
            }
            for (ExportFormat format : ExportFormat.values()) {
                Path file = modelDirectory.resolve(format.fileName());
                if (format != ExportFormat.ONNX && Files.isRegularFile(file)) {
                    exports.put(format, new OnnxScorer(file, batchSize, threads));
                }
            }
            return new ClassifierScorers(primary, name, resource, exports);
        } catch (RuntimeException e) {
            exports.values().forEach(OnnxScorer::close);
            closeQuietly(resource);
            throw e;
        }
    }

    public SplitScorer primary() {
        return primary;
    }

    /** What the primary scorer runs, for logs and evaluation.json, e.g. "model.onnx in ONNX Runtime". */
    public String primaryName() {
        return primaryName;
    }

    /** The further exports' scorers, by format. */
    public Map<ExportFormat, OnnxScorer> exports() {
        return exports;
    }

    @Override
    public void close() {
        exports.values().forEach(OnnxScorer::close);
        closeQuietly(primaryResource);
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            // releasing native memory; nothing of the user's is at stake
        }
    }
}
