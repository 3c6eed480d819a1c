package dev.stellar.finetune.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * How far a classifier's confidence (its highest probability) is from how often it is right: rows fall into ten
 * bins of equal width by confidence ({@code [0, 0.1]}, then {@code (0.1, 0.2]} and so on), and the expected
 * calibration error is the mean over rows of |accuracy - mean confidence| of their bin (Guo et al., 2017, "On
 * Calibration of Modern Neural Networks", equation 3).
 *
 * @param expectedError the expected calibration error, between 0 and 1
 * @param bins the non-empty bins, for a reliability chart
 */
public record Calibration(double expectedError, List<ReliabilityBin> bins) {

    static final int BINS = 10;
    private static final double EDGE = 1e-6;

    /**
     * One bin of the reliability chart.
     *
     * @param lower the bin's lower edge (exclusive, except for the first bin)
     * @param upper the bin's upper edge (inclusive)
     * @param rows the rows whose confidence falls in the bin
     * @param confidence their mean confidence
     * @param accuracy the share of them predicted right
     */
    public record ReliabilityBin(double lower, double upper, int rows, double confidence, double accuracy) {}

    /** @param predicted each row's likeliest label, whose probability is its confidence */
    static Calibration of(float[][] probabilities, int[] truth, int[] predicted) {
        int[] rows = new int[BINS];
        double[] confidence = new double[BINS];
        int[] correct = new int[BINS];
        for (int r = 0; r < truth.length; r++) {
            double p = probabilities[r][predicted[r]];
            // A float probability printed as 0.3 is 0.30000001: within a millionth of a bin of an edge counts as on
            // it, so the bins are those the printed values fall in.
            int bin = Math.max(0, Math.min(BINS - 1, (int) Math.ceil(p * BINS - EDGE) - 1));
            rows[bin]++;
            confidence[bin] += p;
            correct[bin] += predicted[r] == truth[r] ? 1 : 0;
        }
        double error = 0;
        List<ReliabilityBin> bins = new ArrayList<>();
        for (int b = 0; b < BINS; b++) {
            if (rows[b] == 0) {
                continue;
            }
            double meanConfidence = confidence[b] / rows[b];
            double accuracy = (double) correct[b] / rows[b];
            error += (double) rows[b] / truth.length * Math.abs(accuracy - meanConfidence);
            bins.add(new ReliabilityBin((double) b / BINS, (double) (b + 1) / BINS, rows[b], meanConfidence, accuracy));
        }
        return new Calibration(truth.length == 0 ? Double.NaN : error, bins);
    }
}
