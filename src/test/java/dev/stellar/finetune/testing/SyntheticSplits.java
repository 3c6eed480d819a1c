package dev.stellar.finetune.testing;

import dev.stellar.finetune.data.EncodedSplit;
import java.util.Random;

/**
 * Token-level data sets with a known answer: label 1 rows contain tokens from one band of the
 * vocabulary, label 0 rows from another, so a classifier can separate them perfectly.
 */
public final class SyntheticSplits {

    private SyntheticSplits() {}

    public static EncodedSplit separable(String role, int rows, long seed) {
        Random random = new Random(seed);
        int[][] ids = new int[rows][];
        int[][] types = new int[rows][];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            int label = r % 2;
            int length = 4 + random.nextInt(8);
            int[] row = new int[length + 2];
            row[0] = 101;
            for (int t = 1; t <= length; t++) {
                row[t] = (label == 1 ? 2000 : 3000) + random.nextInt(50);
            }
            row[length + 1] = 102;
            ids[r] = row;
            types[r] = new int[row.length];
            labels[r] = label;
        }
        return new EncodedSplit(role, ids, types, labels);
    }
}
