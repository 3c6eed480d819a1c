package dev.stellar.finetune.eval;

/**
 * The figures of a regression model on one split, as scikit-learn and scipy define them. With no rows every figure
 * is NaN.
 *
 * @param count rows
 * @param mse mean squared error
 * @param rmse the square root of the mean squared error
 * @param mae mean absolute error
 * @param r2 the coefficient of determination, 1 - (residual sum of squares) / (total sum of squares) (r2_score); when
 *     the truth is constant, 1 if the predictions are perfect and 0 otherwise (its force_finite), and NaN under two
 *     rows, where scikit-learn warns it is not well-defined
 * @param pearson Pearson's correlation of truth and predictions, NaN when either is constant (scipy's pearsonr)
 * @param spearman Pearson's correlation of their ranks, values that tie sharing their mean rank (scipy's
 *     spearmanr), NaN when either is constant
 * @param loss the model's loss, or NaN when not measured
 */
public record RegressionMetrics(
        int count, double mse, double rmse, double mae, double r2, double pearson, double spearman, double loss) {

    /** @throws IllegalArgumentException when truth and predictions differ in length */
    public static RegressionMetrics of(double[] truth, double[] predicted, double loss) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(
                    "truth has " + truth.length + " values, predictions " + predicted.length);
        }
        int n = truth.length;
        if (n == 0) {
            double nan = Double.NaN;
            return new RegressionMetrics(0, nan, nan, nan, nan, nan, nan, loss);
        }
        double squares = 0;
        double absolutes = 0;
        for (int i = 0; i < n; i++) {
            double error = truth[i] - predicted[i];
            squares += error * error;
            absolutes += Math.abs(error);
        }
        double mse = squares / n;
        return new RegressionMetrics(
                n,
                mse,
                Math.sqrt(mse),
                absolutes / n,
                r2(truth, squares),
                pearson(truth, predicted),
                pearson(RankMetrics.averageRanks(truth), RankMetrics.averageRanks(predicted)),
                loss);
    }

    private static double r2(double[] truth, double residualSquares) {
        if (truth.length < 2) {
            return Double.NaN;
        }
        double mean = mean(truth);
        double totalSquares = 0;
        for (double t : truth) {
            totalSquares += (t - mean) * (t - mean);
        }
        if (totalSquares == 0) {
            return residualSquares == 0 ? 1 : 0;
        }
        return 1 - residualSquares / totalSquares;
    }

    /** Clipped to [-1, 1] against rounding, as scipy does; NaN when either side is constant. */
    private static double pearson(double[] x, double[] y) {
        if (constant(x) || constant(y)) {
            return Double.NaN;
        }
        double meanX = mean(x);
        double meanY = mean(y);
        double xy = 0;
        double xx = 0;
        double yy = 0;
        for (int i = 0; i < x.length; i++) {
            double dx = x[i] - meanX;
            double dy = y[i] - meanY;
            xy += dx * dy;
            xx += dx * dx;
            yy += dy * dy;
        }
        double denominator = Math.sqrt(xx) * Math.sqrt(yy);
        return denominator == 0 ? Double.NaN : Math.max(-1, Math.min(1, xy / denominator));
    }

    /** Whether all values are equal, as scipy's test {@code (x == x[0]).all()}; one value is constant. */
    private static boolean constant(double[] values) {
        for (double v : values) {
            if (v != values[0]) {
                return false;
            }
        }
        return true;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
