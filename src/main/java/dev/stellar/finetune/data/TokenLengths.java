package dev.stellar.finetune.data;

import java.util.Arrays;

/**
 * Token counts per row before truncation (special tokens included): nearest-rank percentiles and the maximum.
 */
public record TokenLengths(int p50, int p90, int p95, int p99, int max) {

    public static TokenLengths of(int[] lengths) {
        if (lengths.length == 0) {
            return new TokenLengths(0, 0, 0, 0, 0);
        }
        int[] sorted = lengths.clone();
        Arrays.sort(sorted);
        return new TokenLengths(
                rank(sorted, 50), rank(sorted, 90), rank(sorted, 95), rank(sorted, 99), sorted[sorted.length - 1]);
    }

    /** The smallest length that at least {@code percent}% of the rows do not exceed. */
    private static int rank(int[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }
}
