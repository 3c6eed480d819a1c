package dev.stellar.finetune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.model.ModelInputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Cuts a split into batches of row indices and turns one batch into engine arrays. */
public final class Batches {

    private Batches() {
    }

    /** A seeded shuffle of all rows, cut into batches (the last may be smaller). */
    public static List<int[]> shuffled(int rows, int batchSize, Random random) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return cut(order, batchSize);
    }

    /** Rows in file order, cut into batches. */
    public static List<int[]> inOrder(int rows, int batchSize) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        return cut(order, batchSize);
    }

    private static List<int[]> cut(int[] order, int batchSize) {
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            int[] batch = new int[to - from];
            System.arraycopy(order, from, batch, 0, batch.length);
            batches.add(batch);
        }
        return batches;
    }

    /** The model inputs of the rows, padded to the longest of them. */
    public static NDList inputs(NDManager manager, EncodedSplit split, int[] rows) {
        int[][] ids = new int[rows.length][];
        int[][] types = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            ids[i] = split.inputIds()[rows[i]];
            types[i] = split.tokenTypeIds()[rows[i]];
        }
        return ModelInputs.of(manager, ids, types);
    }

    public static int[] labels(EncodedSplit split, int[] rows) {
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = split.labels()[rows[i]];
        }
        return labels;
    }

    public static NDArray labelArray(NDManager manager, int[] labels) {
        long[] wide = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            wide[i] = labels[i];
        }
        return manager.create(wide);
    }
}
