package dev.stellar.finetune.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A figure of a split that a gate can bound, by the id the POM names it with, and which way is better. */
public enum Metric {
    ACCURACY("accuracy", "accuracy", true),
    PRECISION("precision", "precision", true),
    RECALL("recall", "recall", true),
    F1("f1", "F1", true),
    MCC("mcc", "MCC", true),
    ROC_AUC("roc-auc", "ROC AUC", true),
    PR_AUC("pr-auc", "PR AUC", true),
    LOSS("loss", "loss", false),
    LOG_LOSS("log-loss", "log loss", false),
    ECE("ece", "calibration error (ECE)", false);

    private final String id;
    private final String label;
    private final boolean higherIsBetter;

    Metric(String id, String label, boolean higherIsBetter) {
        this.id = id;
        this.label = label;
        this.higherIsBetter = higherIsBetter;
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
