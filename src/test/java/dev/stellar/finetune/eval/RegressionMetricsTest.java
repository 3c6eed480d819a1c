package dev.stellar.finetune.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The regression figures against scikit-learn 1.2.1 and scipy 1.10.1 (Debian's python3-sklearn and python3-scipy)
 * on the same inputs:
 *
 * <pre>{@code
 * import numpy as np
 * from scipy.stats import pearsonr, rankdata, spearmanr
 * from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
 * def figures(y, p):
 *     y, p = np.array(y), np.array(p)
 *     mse = mean_squared_error(y, p)
 *     print(repr(mse), repr(np.sqrt(mse)), repr(mean_absolute_error(y, p)), repr(r2_score(y, p)),
 *           repr(pearsonr(y, p)[0]), repr(spearmanr(y, p)[0]))
 * # ties in both: truth 2.0 three times and 3.0 twice, predictions 2.5 three times
 * y = [3.0, 1.5, 2.0, 3.0, 4.5, 2.0, 2.0, 5.0]
 * p = [2.5, 1.0, 2.5, 3.5, 4.0, 2.5, 1.5, 4.5]
 * figures(y, p)
 * print(rankdata(y).tolist(), rankdata(p).tolist())
 * # the mutant: ties ranked in order of appearance instead of sharing their mean rank
 * print(repr(pearsonr(rankdata(y, method='ordinal'), rankdata(p, method='ordinal'))[0]))
 * figures([1.0, 2.0, 3.0, 4.0], [2.5, 2.5, 2.5, 2.5])   # constant predictions at the truth's mean
 * figures([2.0, 2.0, 2.0], [1.0, 2.0, 3.0])             # constant truth, imperfect predictions
 * figures([2.0, 2.0, 2.0], [2.0, 2.0, 2.0])             # constant truth, perfect predictions
 * figures([0.3, -1.2, 4.7, 2.2], [0.3, -1.2, 4.7, 2.2]) # perfect predictions
 * figures([1.0, 2.0, 3.0, 4.0, 5.0], [1.0, 4.0, 9.0, 16.0, 25.0])  # monotone, not linear
 * }</pre>
 *
 * scipy returns nan (with a ConstantInputWarning) for a constant side, and scikit-learn's r2_score 0.0 or 1.0 for a
 * constant truth (force_finite).
 */
class RegressionMetricsTest {

    private static final double[] TRUTH = {3.0, 1.5, 2.0, 3.0, 4.5, 2.0, 2.0, 5.0};
    private static final double[] PREDICTED = {2.5, 1.0, 2.5, 3.5, 4.0, 2.5, 1.5, 4.5};

    @Test
    void tiesOnBothSidesMatchScipy() {
        RegressionMetrics m = RegressionMetrics.of(TRUTH, PREDICTED, 0.17);
        assertEquals(8, m.count());
        assertEquals(0.25, m.mse(), 1e-9);
        assertEquals(0.5, m.rmse(), 1e-9);
        assertEquals(0.5, m.mae(), 1e-9);
        assertEquals(0.8241758241758241, m.r2(), 1e-9);
        assertEquals(0.9141741003300661, m.pearson(), 1e-9);
        // Ranking ties in order of appearance instead (rankdata method='ordinal') gives 0.8095238095238093.
        assertEquals(0.9308360200392612, m.spearman(), 1e-9);
        assertEquals(0.17, m.loss());
    }

    @Test
    void tiesShareTheirMeanRank() {
        assertArrayEquals(
                new double[] {5.5, 1.0, 3.0, 5.5, 7.0, 3.0, 3.0, 8.0}, RankMetrics.averageRanks(TRUTH), 1e-12);
        assertArrayEquals(
                new double[] {4.0, 1.0, 4.0, 6.0, 7.0, 4.0, 2.0, 8.0}, RankMetrics.averageRanks(PREDICTED), 1e-12);
    }

    @Test
    void constantPredictionsHaveNoCorrelation() {
        RegressionMetrics m = RegressionMetrics.of(new double[] {1, 2, 3, 4}, new double[] {2.5, 2.5, 2.5, 2.5}, 0);
        assertEquals(1.25, m.mse(), 1e-9);
        assertEquals(1.118033988749895, m.rmse(), 1e-9);
        assertEquals(1.0, m.mae(), 1e-9);
        assertEquals(0.0, m.r2(), 1e-9);
        assertTrue(Double.isNaN(m.pearson()));
        assertTrue(Double.isNaN(m.spearman()));
    }

    @Test
    void aConstantTruthGivesAFiniteR2() {
        RegressionMetrics imperfect = RegressionMetrics.of(new double[] {2, 2, 2}, new double[] {1, 2, 3}, Double.NaN);
        assertEquals(0.6666666666666666, imperfect.mse(), 1e-9);
        assertEquals(0.816496580927726, imperfect.rmse(), 1e-9);
        assertEquals(0.6666666666666666, imperfect.mae(), 1e-9);
        assertEquals(0.0, imperfect.r2());
        assertTrue(Double.isNaN(imperfect.pearson()));
        assertTrue(Double.isNaN(imperfect.spearman()));
        assertTrue(Double.isNaN(imperfect.loss()));

        RegressionMetrics perfect = RegressionMetrics.of(new double[] {2, 2, 2}, new double[] {2, 2, 2}, Double.NaN);
        assertEquals(0.0, perfect.mse());
        assertEquals(1.0, perfect.r2());
        assertTrue(Double.isNaN(perfect.pearson()));
        assertTrue(Double.isNaN(perfect.spearman()));
    }

    @Test
    void perfectPredictionsCorrelateFully() {
        double[] values = {0.3, -1.2, 4.7, 2.2};
        RegressionMetrics m = RegressionMetrics.of(values, values.clone(), Double.NaN);
        assertEquals(0.0, m.mse());
        assertEquals(0.0, m.rmse());
        assertEquals(0.0, m.mae());
        assertEquals(1.0, m.r2(), 1e-9);
        assertEquals(1.0, m.pearson(), 1e-9);
        assertEquals(1.0, m.spearman(), 1e-9);
    }

    @Test
    void aMonotoneCurveRanksPerfectlyButIsNotLinear() {
        RegressionMetrics m =
                RegressionMetrics.of(new double[] {1, 2, 3, 4, 5}, new double[] {1, 4, 9, 16, 25}, Double.NaN);
        assertEquals(116.8, m.mse(), 1e-9);
        assertEquals(10.807404868885037, m.rmse(), 1e-9);
        assertEquals(8.0, m.mae(), 1e-9);
        assertEquals(-57.4, m.r2(), 1e-9);
        assertEquals(0.981104910251593, m.pearson(), 1e-9);
        assertEquals(0.9999999999999999, m.spearman(), 1e-9);
    }

    @Test
    void tooFewRowsLeaveTheFiguresUndefined() {
        RegressionMetrics none = RegressionMetrics.of(new double[0], new double[0], 0.5);
        assertEquals(0, none.count());
        assertTrue(Double.isNaN(none.mse()));
        assertTrue(Double.isNaN(none.rmse()));
        assertTrue(Double.isNaN(none.mae()));
        assertTrue(Double.isNaN(none.r2()));
        assertTrue(Double.isNaN(none.pearson()));
        assertTrue(Double.isNaN(none.spearman()));
        assertEquals(0.5, none.loss());
        // One row: r2_score warns and returns nan; scipy refuses correlations under two values.
        RegressionMetrics one = RegressionMetrics.of(new double[] {1}, new double[] {2}, Double.NaN);
        assertEquals(1.0, one.mse());
        assertTrue(Double.isNaN(one.r2()));
        assertTrue(Double.isNaN(one.pearson()));
        assertTrue(Double.isNaN(one.spearman()));
    }

    @Test
    void mismatchedLengthsAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> RegressionMetrics.of(new double[] {1, 2}, new double[] {1}, Double.NaN));
    }
}
