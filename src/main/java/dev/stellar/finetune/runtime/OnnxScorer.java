package dev.stellar.finetune.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.export.ClassifierOnnxGraph;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.log.ProgressMeter;
import dev.stellar.finetune.model.ModelTask;
import dev.stellar.finetune.train.Batches;
import dev.stellar.finetune.train.Objective;
import dev.stellar.finetune.train.Scores;
import dev.stellar.finetune.train.SplitScorer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Scores a split with an exported classifier (model.onnx or model_int8.onnx) in ONNX Runtime: rows sorted by
 * length and padded per batch, as the engine's scorer does, so both see the same inputs.
 */
public final class OnnxScorer implements SplitScorer, AutoCloseable {

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final Path file;
    private final int batchSize;
    private final Objective objective;

    /** @param threads ONNX Runtime's intra-op threads (the plugin's {@code threads}) */
    public OnnxScorer(Path file, int batchSize, int threads) {
        this(file, ModelTask.SINGLE_LABEL, batchSize, threads);
    }

    /** @param task what the model's outputs mean (its config.json's problem type) */
    public OnnxScorer(Path file, ModelTask task, int batchSize, int threads) {
        this.file = file;
        this.batchSize = batchSize;
        this.objective = Objective.of(task);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = environment.createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new FinetuneException(
                    "ONNX Runtime cannot load " + file + ": " + e.getMessage()
                            + ". Fix: delete it; freeze-and-train exports it again.",
                    e);
        }
    }

    @Override
    public Scores score(EncodedSplit split, BuildLog log, String task) {
        int rows = split.size();
        float[][] probabilities = new float[rows][];
        int[] predictions = new int[rows];
        double lossSum = 0;
        ProgressMeter meter = log == null ? null : new ProgressMeter(log, task, rows, "samples");
        for (int[] batch : Batches.byLength(Batches.lengths(split), batchSize)) {
            float[][] logits = logits(split, batch);
            for (int i = 0; i < batch.length; i++) {
                float[] row = objective.outputs(logits[i]);
                int best = 0;
                for (int k = 0; k < row.length; k++) {
                    best = row[k] > row[best] ? k : best;
                }
                probabilities[batch[i]] = row;
                predictions[batch[i]] = best;
                if (split.labeled()) {
                    lossSum += objective.loss(logits[i], split, batch[i]);
                }
            }
            if (meter != null) {
                meter.advance(batch.length, "");
            }
        }
        return new Scores(probabilities, predictions, split.labeled() ? lossSum / rows : Double.NaN);
    }

    /**
     * The logits of the rows, padded to the longest of them (pad id 0, mask 0: padding is masked, so its id
     * changes no real row's output).
     */
    private float[][] logits(EncodedSplit split, int[] rows) {
        int longest = 0;
        for (int row : rows) {
            longest = Math.max(longest, split.length(row));
        }
        long[] shape = {rows.length, longest};
        LongBuffer ids = LongBuffer.allocate(rows.length * longest);
        LongBuffer mask = LongBuffer.allocate(rows.length * longest);
        LongBuffer types = LongBuffer.allocate(rows.length * longest);
        for (int i = 0; i < rows.length; i++) {
            int[] rowIds = split.inputIds()[rows[i]];
            int[] rowTypes = split.tokenTypeIds()[rows[i]];
            int base = i * longest;
            for (int t = 0; t < rowIds.length; t++) {
                ids.put(base + t, rowIds[t]);
                types.put(base + t, rowTypes[t]);
                mask.put(base + t, 1);
            }
        }
        try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, ids, shape);
                OnnxTensor maskTensor = OnnxTensor.createTensor(environment, mask, shape);
                OnnxTensor typeTensor = OnnxTensor.createTensor(environment, types, shape);
                OrtSession.Result result = session.run(
                        feeds(idTensor, maskTensor, typeTensor), java.util.Set.of(ClassifierOnnxGraph.LOGITS))) {
            return (float[][]) result.get(0).getValue();
        } catch (OrtException e) {
            throw new FinetuneException(
                    "ONNX Runtime failed to run " + file + " on a batch of " + rows.length + " rows of up to " + longest
                            + " tokens: " + e.getMessage(),
                    e);
        }
    }

    /** The graph's inputs: token_type_ids only where the model has token types. */
    private Map<String, OnnxTensor> feeds(OnnxTensor ids, OnnxTensor mask, OnnxTensor types) {
        return session.getInputNames().contains(ClassifierOnnxGraph.TOKEN_TYPE_IDS)
                ? Map.of(
                        ClassifierOnnxGraph.INPUT_IDS,
                        ids,
                        ClassifierOnnxGraph.ATTENTION_MASK,
                        mask,
                        ClassifierOnnxGraph.TOKEN_TYPE_IDS,
                        types)
                : Map.of(ClassifierOnnxGraph.INPUT_IDS, ids, ClassifierOnnxGraph.ATTENTION_MASK, mask);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing releases native memory; nothing of the user's is at stake
        }
    }
}
