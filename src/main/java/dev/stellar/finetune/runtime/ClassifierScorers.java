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
 * The scorers of a fine-tuned model directory. The primary one gives the model's figures: the engine on
 * model.safetensors, the weights training wrote (ONNX Runtime on model.onnx gives the same probabilities to 1e-6
 * but was no faster on a CPU: 0.91x the engine at 32 x 64 tokens, docs/performance.md). The int8 export, which
 * computes something slightly different, gets an ONNX Runtime scorer of its own so that its figures can be set
 * beside the model's.
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
     * @param threads intra-op threads of ONNX Runtime for the exports (the engine's are set when it starts)
     */
    public static ClassifierScorers open(Path modelDirectory, String parameter, int batchSize, int threads) {
        Map<ExportFormat, OnnxScorer> exports = new LinkedHashMap<>();
        AutoCloseable resource = null;
        try {
            ClassifierModel model = ClassifierModel.loadFineTuned(modelDirectory, parameter);
            resource = model;
            SplitScorer primary = new Scorer(model, batchSize);
            for (ExportFormat format : ExportFormat.values()) {
                Path file = modelDirectory.resolve(format.fileName());
                if (format != ExportFormat.ONNX && Files.isRegularFile(file)) {
                    exports.put(format, new OnnxScorer(file, batchSize, threads));
                }
            }
            return new ClassifierScorers(primary, "model.safetensors in the engine", resource, exports);
        } catch (RuntimeException e) {
            exports.values().forEach(OnnxScorer::close);
            closeQuietly(resource);
            throw e;
        }
    }

    public SplitScorer primary() {
        return primary;
    }

    /** What the primary scorer runs, for logs and evaluation.json. */
    public String primaryName() {
        return primaryName;
    }

    /** The scorers of the exports whose figures are set beside the model's (onnx-int8), by format. */
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
