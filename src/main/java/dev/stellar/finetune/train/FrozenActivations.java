package dev.stellar.finetune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.log.ProgressMeter;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.arch.CastWeightCache;

/**
 * The frozen prefix's output (embeddings and frozen layers, dropout off) for every training row,
 * computed once and reused every epoch. Kept per row without padding: on the Java heap when training on the
 * CPU, in one tensor on the device when training on a GPU (so no batch crosses the bus again). A batch is
 * assembled zero-padded to its longest row, which is harmless because padded positions are masked as keys and
 * never pooled.
 */
public final class FrozenActivations {

    private final int hidden;
    /** On the CPU: each row's states, tokens x hidden. */
    private final float[][] rows;
    /** On a GPU: every row's states one after another, then one row of zeros for padding: (tokens + 1, H). */
    private final NDArray onDevice;
    /** On a GPU: where each row starts in {@link #onDevice}, and its length in tokens. */
    private final long[] offsets;

    private final int[] lengths;

    private FrozenActivations(float[][] rows, int hidden) {
        this.rows = rows;
        this.hidden = hidden;
        this.onDevice = null;
        this.offsets = null;
        this.lengths = null;
    }

    private FrozenActivations(NDArray onDevice, long[] offsets, int[] lengths, int hidden) {
        this.rows = null;
        this.hidden = hidden;
        this.onDevice = onDevice;
        this.offsets = offsets;
        this.lengths = lengths;
    }

    /** Bytes the cache of {@code split} would take (on the heap or the device). */
    public static long bytesFor(EncodedSplit split, int hidden) {
        long tokens = 0;
        for (int[] row : split.inputIds()) {
            tokens += row.length;
        }
        return tokens * hidden * Float.BYTES;
    }

    public static FrozenActivations compute(ClassifierModel model, EncodedSplit split, int batchSize, BuildLog log) {
        return compute(model, split, batchSize, log, model.manager().getDevice().isGpu());
    }

    /** @param inOneTensor keep the cache in one tensor on the model's device (a GPU's way) rather than the heap */
    static FrozenActivations compute(
            ClassifierModel model, EncodedSplit split, int batchSize, BuildLog log, boolean inOneTensor) {
        try (CastWeightCache casts = CastWeightCache.open()) {
            return inOneTensor ? onDevice(model, split, batchSize, log) : onHeap(model, split, batchSize, log);
        }
    }

    private static FrozenActivations onHeap(ClassifierModel model, EncodedSplit split, int batchSize, BuildLog log) {
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

    private static FrozenActivations onDevice(ClassifierModel model, EncodedSplit split, int batchSize, BuildLog log) {
        int hidden = model.config().hiddenSize();
        int[] lengths = Batches.lengths(split);
        long[] offsets = new long[split.size()];
        long total = 0;
        for (int r = 0; r < lengths.length; r++) {
            offsets[r] = total;
            total += lengths[r];
        }
        ParameterStore store = model.parameterStore();
        ProgressMeter meter = new ProgressMeter(log, "caching frozen activations", split.size(), "samples");
        NDManager cache = model.manager().newSubManager();
        NDArray all = cache.zeros(new Shape(total + 1, hidden));
        for (int[] batch : Batches.byLength(lengths, batchSize)) {
            try (NDManager step = model.manager().newSubManager()) {
                NDList inputs =
                        Batches.inputs(step, split, batch, model.config().padTokenId());
                NDArray out = model.network().frozenPrefix(store, inputs, false);
                for (int i = 0; i < batch.length; i++) {
                    int r = batch[i];
                    all.set(
                            new NDIndex("{}:{}", offsets[r], offsets[r] + lengths[r]),
                            out.get(new NDIndex("{}, :{}", i, lengths[r])));
                }
            }
            meter.advance(batch.length, "");
        }
        return new FrozenActivations(all, offsets, lengths, hidden);
    }

    /** The cached states of {@code batch}, zero-padded to its longest row: (B, S, H). */
    public NDArray batch(NDManager manager, int[] batch) {
        return onDevice != null ? gather(manager, batch) : fromHeap(manager, batch);
    }

    private NDArray fromHeap(NDManager manager, int[] batch) {
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

    /** One gather on the device: position t of row r is row offsets[r] + t, or the zero row past its end. */
    private NDArray gather(NDManager manager, int[] batch) {
        int length = 0;
        for (int r : batch) {
            length = Math.max(length, lengths[r]);
        }
        long zeroRow = onDevice.getShape().get(0) - 1;
        long[] index = new long[batch.length * length];
        for (int i = 0; i < batch.length; i++) {
            int r = batch[i];
            for (int t = 0; t < length; t++) {
                index[i * length + t] = t < lengths[r] ? offsets[r] + t : zeroRow;
            }
        }
        NDArray positions = manager.create(index);
        NDArray states = onDevice.get(new NDIndex("{}", positions));
        states.attach(manager);
        return states.reshape(batch.length, length, hidden);
    }
}
