package dev.stellar.finetune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.model.ModelInputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/** Cuts a split into batches of row indices and turns one batch into engine arrays. */
public final class Batches {

    private Batches() {}

    /** A seeded shuffle of all rows, cut into batches (the last may be smaller). */
    public static List<int[]> shuffled(int rows, int batchSize, Random random) {
        return cut(shuffledOrder(rows, random), batchSize);
    }

    private static int[] shuffledOrder(int rows, Random random) {
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
        return order;
    }

    /**
     * Length-grouped batches: a seeded shuffle, sorted by length within windows of {@code window}
     * batches, cut, and the batches shuffled again. Rows in a batch have similar lengths, so dynamic
     * padding pads little, while which rows meet and the order of batches stay random from epoch to epoch.
     */
    public static List<int[]> groupedByLength(int[] lengths, int batchSize, int window, Random random) {
        int[] order = shuffledOrder(lengths.length, random);
        int span = Math.max(1, batchSize * window);
        Integer[] boxed = new Integer[order.length];
        for (int i = 0; i < order.length; i++) {
            boxed[i] = order[i];
        }
        for (int from = 0; from < boxed.length; from += span) {
            Arrays.sort(boxed, from, Math.min(boxed.length, from + span), Comparator.comparingInt(r -> lengths[r]));
        }
        for (int i = 0; i < order.length; i++) {
            order[i] = boxed[i];
        }
        List<int[]> batches = cut(order, batchSize);
        Collections.shuffle(batches, random);
        return batches;
    }

    /** Rows sorted by length and cut into batches, for scoring: least padding, order irrelevant. */
    public static List<int[]> byLength(int[] lengths, int batchSize) {
        Integer[] boxed = new Integer[lengths.length];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, Comparator.comparingInt(r -> lengths[r]));
        int[] order = new int[boxed.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = boxed[i];
        }
        return cut(order, batchSize);
    }

    /** The token count of every row. */
    public static int[] lengths(EncodedSplit split) {
        int[] lengths = new int[split.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = split.inputIds()[i].length;
        }
        return lengths;
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

    /** The model inputs of the rows, padded to the longest of them with token 0. */
    public static NDList inputs(NDManager manager, EncodedSplit split, int[] rows) {
        return inputs(manager, split, rows, 0);
    }

    /** The model inputs of the rows, padded to the longest of them with {@code padId}. */
    public static NDList inputs(NDManager manager, EncodedSplit split, int[] rows, int padId) {
        int[][] ids = new int[rows.length][];
        int[][] types = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            ids[i] = split.inputIds()[rows[i]];
            types[i] = split.tokenTypeIds()[rows[i]];
        }
        return ModelInputs.of(manager, ids, types, padId);
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
