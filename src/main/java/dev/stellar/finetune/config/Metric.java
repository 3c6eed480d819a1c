package dev.stellar.finetune.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A figure of a split that a gate can bound, by the id the POM names it with, which way is better, and the
 * problem types that have it. For multi-label, accuracy is subset accuracy (every label of the row right, as
 * scikit-learn's accuracy_score) and precision, recall and F1 are micro averages.
 */
public enum Metric {
    ACCURACY("accuracy", "accuracy", true, Scope.CLASSIFICATION),
    PRECISION("precision", "precision", true, Scope.CLASSIFICATION),
    RECALL("recall", "recall", true, Scope.CLASSIFICATION),
    F1("f1", "F1", true, Scope.CLASSIFICATION),
    MACRO_F1("macro-f1", "macro F1", true, Scope.CLASSIFICATION),
    MICRO_F1("micro-f1", "micro F1", true, Scope.MULTI_LABEL),
    HAMMING_LOSS("hamming-loss", "Hamming loss", false, Scope.MULTI_LABEL),
    MCC("mcc", "MCC", true, Scope.SINGLE_LABEL),
    ROC_AUC("roc-auc", "ROC AUC", true, Scope.CLASSIFICATION),
    PR_AUC("pr-auc", "PR AUC", true, Scope.CLASSIFICATION),
    LOSS("loss", "loss", false, Scope.ALL),
    LOG_LOSS("log-loss", "log loss", false, Scope.SINGLE_LABEL),
    ECE("ece", "calibration error (ECE)", false, Scope.SINGLE_LABEL),
    MSE("mse", "MSE", false, Scope.REGRESSION),
    MAE("mae", "MAE", false, Scope.REGRESSION),
    R2("r2", "R²", true, Scope.REGRESSION),
    PEARSON("pearson", "Pearson correlation", true, Scope.REGRESSION),
    SPEARMAN("spearman", "Spearman correlation", true, Scope.REGRESSION);

    private final String id;
    private final String label;
    private final boolean higherIsBetter;
    private final Scope scope;

    Metric(String id, String label, boolean higherIsBetter, Scope scope) {
        this.id = id;
        this.label = label;
        this.higherIsBetter = higherIsBetter;
        this.scope = scope;
    }

    /** The problem types that have a figure. */
    private enum Scope {
        SINGLE_LABEL,
        MULTI_LABEL,
        CLASSIFICATION,
        REGRESSION,
        ALL;

        boolean includes(ProblemType type) {
            return switch (this) {
                case SINGLE_LABEL -> type == ProblemType.SINGLE_LABEL;
                case MULTI_LABEL -> type == ProblemType.MULTI_LABEL;
                case CLASSIFICATION -> type.classifies();
                case REGRESSION -> type == ProblemType.REGRESSION;
                case ALL -> true;
            };
        }
    }

    /** Whether a split of this problem type has the figure. */
    public boolean appliesTo(ProblemType type) {
        return scope.includes(type);
    }

    /** The ids of the figures a problem type has, comma-separated, for messages. */
    public static String choices(ProblemType type) {
        return Arrays.stream(values())
                .filter(m -> m.appliesTo(type))
                .map(Metric::id)
                .collect(Collectors.joining(", "));
    }

    /**
     * The metric, refused with the choices when the problem type has no such figure.
     *
     * @param parameter the parameter that named it (e.g. {@code gates/gate[2]}), for the message
     */
    public Metric requireFits(ProblemType type, String parameter) {
        if (!appliesTo(type)) {
            throw new ConfigurationException(
                    parameter,
                    id,
                    "a " + type.id() + " model has no " + label,
                    "use one of " + choices(type) + " for a " + type.id() + " model");
        }
        return this;
    }

    /** The figure's name in messages: "F1", "ROC AUC". */
    public String label() {
        return label;
    }

    public String id() {
        return id;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** The ids, comma-separated, for messages. */
    public static String choices() {
        return Arrays.stream(values()).map(Metric::id).collect(Collectors.joining(", "));
    }

    /** @param parameter the parameter that named it, for the message */
    public static Metric parse(String parameter, String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (Metric m : values()) {
            if (m.id.equals(wanted)) {
                return m;
            }
        }
        throw new ConfigurationException(parameter, value, "names no metric", "use one of " + choices());
    }
}
