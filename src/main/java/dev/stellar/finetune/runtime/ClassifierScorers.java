package dev.stellar.finetune.runtime;

import dev.stellar.finetune.config.ExportFormat;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.ModelTask;
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

    private final ClassifierModel model;
    private final Scorer primary;
    private final Map<ExportFormat, OnnxScorer> exports;

    private ClassifierScorers(ClassifierModel model, Scorer primary, Map<ExportFormat, OnnxScorer> exports) {
        this.model = model;
        this.primary = primary;
        this.exports = exports;
    }

    /**
     * @param parameter the parameter that named the model, for messages
     * @param threads intra-op threads of ONNX Runtime for the exports (the engine's are set when it starts)
     */
    public static ClassifierScorers open(Path modelDirectory, String parameter, int batchSize, int threads) {
        ClassifierModel model = ClassifierModel.loadFineTuned(modelDirectory, parameter);
        Map<ExportFormat, OnnxScorer> exports = new LinkedHashMap<>();
        try {
            Path int8 = modelDirectory.resolve(ExportFormat.ONNX_INT8.fileName());
            if (Files.isRegularFile(int8)) {
                exports.put(ExportFormat.ONNX_INT8, new OnnxScorer(int8, model.task(), batchSize, threads));
            }
            return new ClassifierScorers(model, new Scorer(model, batchSize), exports);
        } catch (RuntimeException e) {
            exports.values().forEach(OnnxScorer::close);
            model.close();
            throw e;
        }
    }

    /** What the model's outputs mean. */
    public ModelTask task() {
        return model.task();
    }

    public SplitScorer primary() {
        return primary;
    }

    /** What the primary scorer runs, for logs and evaluation.json. */
    public String primaryName() {
        return "model.safetensors in the engine";
    }

    /** The scorers of the exports whose figures are set beside the model's (onnx-int8), by format. */
    public Map<ExportFormat, OnnxScorer> exports() {
        return exports;
    }

    @Override
    public void close() {
        try {
            exports.values().forEach(OnnxScorer::close);
        } finally {
            model.close();
        }
    }
}
