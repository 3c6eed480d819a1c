package dev.stellar.finetune.eval;

import dev.stellar.finetune.config.Metric;

/** A named metric's value in a split's figures. */
public final class MetricValues {

    private MetricValues() {}

    /**
     * NaN where the split cannot give it (probabilities were not scored, a label has no rows, or the problem type
     * has no such figure).
     */
    public static double of(Metric metric, ClassificationMetrics m) {
        return switch (metric) {
            case ACCURACY -> m.accuracy();
            case PRECISION -> m.precision();
            case RECALL -> m.recall();
            case F1 -> m.f1();
            case MCC -> m.mcc();
            case ROC_AUC -> m.rocAuc();
            case PR_AUC -> m.prAuc();
            case LOSS -> m.loss();
            case LOG_LOSS -> m.logLoss();
            case ECE -> m.calibration() == null ? Double.NaN : m.calibration().expectedError();
            case MACRO_F1 -> m.macroF1();
            case MICRO_F1 ->
                m.multiLabel() == null ? Double.NaN : m.multiLabel().microF1();
            case HAMMING_LOSS ->
                m.multiLabel() == null ? Double.NaN : m.multiLabel().hammingLoss();
            case MSE -> m.regression() == null ? Double.NaN : m.regression().mse();
            case MAE -> m.regression() == null ? Double.NaN : m.regression().mae();
            case R2 -> m.regression() == null ? Double.NaN : m.regression().r2();
            case PEARSON -> m.regression() == null ? Double.NaN : m.regression().pearson();
            case SPEARMAN ->
                m.regression() == null ? Double.NaN : m.regression().spearman();
        };
    }
}
