package dev.stellar.finetune.data;

import java.util.Arrays;

/**
 * Rows per token length (before truncation), in bins of equal width: bin {@code i} counts lengths from
 * {@code i * binWidth} to {@code (i + 1) * binWidth - 1}. The width is a round number chosen so that the
 * longest row falls within {@value #MAX_BINS} bins, which keeps a chart of it legible.
 */
public record LengthHistogram(int binWidth, int[] counts) {

    public static final int MAX_BINS = 40;
    private static final int[] STEPS = {1, 2, 5};

    public static LengthHistogram of(int[] lengths) {
        int max = 0;
        for (int length : lengths) {
            max = Math.max(max, length);
        }
        int width = roundWidth(max);
        int[] counts = new int[max / width + 1];
        for (int length : lengths) {
            counts[length / width]++;
        }
        return new LengthHistogram(width, counts);
    }

    /** The smallest of 1, 2, 5, 10, 20, 50, ... that fits lengths up to {@code max} in MAX_BINS bins. */
    static int roundWidth(int max) {
        for (int scale = 1; ; scale *= 10) {
            for (int step : STEPS) {
                int width = step * scale;
                if (max / width + 1 <= MAX_BINS) {
                    return width;
                }
            }
        }
    }

    /** By content, as stats.json compares (a record's array field would compare by identity). */
    @Override
    public boolean equals(Object other) {
        return other instanceof LengthHistogram h && h.binWidth == binWidth && Arrays.equals(h.counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * binWidth + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "LengthHistogram[binWidth=" + binWidth + ", counts=" + Arrays.toString(counts) + "]";
    }

    public int rows() {
        int rows = 0;
        for (int count : counts) {
            rows += count;
        }
        return rows;
    }
}
