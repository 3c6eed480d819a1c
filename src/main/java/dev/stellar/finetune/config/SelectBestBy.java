package dev.stellar.finetune.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which validation figure decides the best epoch (the one whose weights are kept): any {@link Metric}, each
 * maximised or minimised as fits it. The model's own loss keeps its long-standing id, {@code validation-loss}.
 */
public enum SelectBestBy {
    VALIDATION_LOSS("validation-loss", Metric.LOSS),
    ACCURACY("accuracy", Metric.ACCURACY),
    F1("f1", Metric.F1),
    PRECISION("precision", Metric.PRECISION),
    RECALL("recall", Metric.RECALL),
    MCC("mcc", Metric.MCC),
    ROC_AUC("roc-auc", Metric.ROC_AUC),
    PR_AUC("pr-auc", Metric.PR_AUC),
    LOG_LOSS("log-loss", Metric.LOG_LOSS),
    ECE("ece", Metric.ECE),
    MACRO_F1("macro-f1", Metric.MACRO_F1),
    MICRO_F1("micro-f1", Metric.MICRO_F1),
    HAMMING_LOSS("hamming-loss", Metric.HAMMING_LOSS),
    MSE("mse", Metric.MSE),
    MAE("mae", Metric.MAE),
    R2("r2", Metric.R2),
    PEARSON("pearson", Metric.PEARSON),
    SPEARMAN("spearman", Metric.SPEARMAN);

    private final String id;
    private final Metric metric;

    SelectBestBy(String id, Metric metric) {
        this.id = id;
        this.metric = metric;
    }

    /** The figure in words, for log lines and the model card: "validation loss", "validation ROC AUC". */
    public String figure() {
        return "validation " + metric.label();
    }

    public String id() {
        return id;
    }

    public Metric metric() {
        return metric;
    }

    /** True when {@code candidate} is strictly better than {@code best} by this criterion (never when NaN). */
    public boolean isBetter(double candidate, double best) {
        return metric.higherIsBetter() ? candidate > best : candidate < best;
    }

    public static SelectBestBy parse(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (SelectBestBy s : values()) {
            if (s.id.equals(wanted) || (s == VALIDATION_LOSS && wanted.equals("loss"))) {
                return s;
            }
        }
        throw new ConfigurationException(
                "selectBestBy",
                value,
                "unknown criterion",
                "use one of " + Arrays.stream(values()).map(SelectBestBy::id).collect(Collectors.joining(", ")));
    }
}
