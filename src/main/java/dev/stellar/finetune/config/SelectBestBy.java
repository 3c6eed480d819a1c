package dev.stellar.finetune.config;

/** Which validation figure decides the best epoch (the one whose weights are kept). */
public enum SelectBestBy {
    VALIDATION_LOSS("validation-loss", "validation loss"),
    ACCURACY("accuracy", "validation accuracy"),
    F1("f1", "validation F1");

    private final String id;
    private final String figure;

    SelectBestBy(String id, String figure) {
        this.id = id;
        this.figure = figure;
    }

    /** The figure in words, for log lines and the model card: "validation loss". */
    public String figure() {
        return figure;
    }

    public String id() {
        return id;
    }

    /** True when {@code candidate} is strictly better than {@code best} by this criterion. */
    public boolean isBetter(double candidate, double best) {
        return this == VALIDATION_LOSS ? candidate < best : candidate > best;
    }

    public static SelectBestBy parse(String value) {
        for (SelectBestBy s : values()) {
            if (s.id.equalsIgnoreCase(value == null ? "" : value.trim())) {
                return s;
            }
        }
        throw new ConfigurationException(
                "selectBestBy", value, "unknown criterion", "use one of validation-loss, accuracy, f1");
    }
}
