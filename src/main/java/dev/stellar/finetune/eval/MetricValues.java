package dev.stellar.finetune.eval;

import dev.stellar.finetune.config.Metric;

/** A named metric's value in a split's figures. */
public final class MetricValues {

    private MetricValues() {}

    /** NaN where the split cannot give it (probabilities were not scored, or a label has no rows). */
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
        };
    }
}
