package dev.stellar.finetune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.log.ProgressMeter;
import dev.stellar.finetune.model.ClassifierModel;

/**
 * The frozen prefix's output (embeddings and frozen layers, dropout off) for every training row,
 * computed once and reused every epoch. Kept per row without padding, on the Java heap; a batch is
 * assembled zero-padded to its longest row, which is harmless because padded positions are masked as
 * keys and never pooled.
 */
public final class FrozenActivations {

    private final float[][] rows;
    private final int hidden;

    private FrozenActivations(float[][] rows, int hidden) {
        this.rows = rows;
        this.hidden = hidden;
    }

    /** Heap bytes the cache of {@code split} would take. */
    public static long bytesFor(EncodedSplit split, int hidden) {
        long tokens = 0;
        for (int[] row : split.inputIds()) {
            tokens += row.length;
        }
        return tokens * hidden * Float.BYTES;
    }

    public static FrozenActivations compute(ClassifierModel model, EncodedSplit split, int batchSize, BuildLog log) {
        int hidden = model.config().hiddenSize();
        float[][] rows = new float[split.size()][];
        ParameterStore store = model.parameterStore();
        ProgressMeter meter = new ProgressMeter(log, "caching frozen activations", split.size(), "samples");
        for (int[] batch : Batches.byLength(Batches.lengths(split), batchSize)) {
            try (NDManager step = model.manager().newSubManager()) {
                NDList inputs =
                        Batches.inputs(step, split, batch, model.config().padTokenId());
                NDArray out = model.network().frozenPrefix(store, inputs, false);
                float[] values = out.toFloatArray();
                int length = (int) out.getShape().get(1);
                for (int i = 0; i < batch.length; i++) {
                    int tokens = split.inputIds()[batch[i]].length;
                    float[] row = new float[tokens * hidden];
                    System.arraycopy(values, i * length * hidden, row, 0, row.length);
                    rows[batch[i]] = row;
                }
            }
            meter.advance(batch.length, "");
        }
        return new FrozenActivations(rows, hidden);
    }

    /** The cached states of {@code batch}, zero-padded to its longest row: (B, S, H). */
    public NDArray batch(NDManager manager, int[] batch) {
        int length = 0;
        for (int r : batch) {
            length = Math.max(length, rows[r].length / hidden);
        }
        float[] values = new float[batch.length * length * hidden];
        for (int i = 0; i < batch.length; i++) {
            float[] row = rows[batch[i]];
            System.arraycopy(row, 0, values, i * length * hidden, row.length);
        }
        return manager.create(values, new Shape(batch.length, length, hidden));
    }
}
