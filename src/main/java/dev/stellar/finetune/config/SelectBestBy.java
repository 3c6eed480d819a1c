package dev.stellar.finetune.config;

/** Which validation figure decides the best epoch (the one whose weights are kept). */
public enum SelectBestBy {
    VALIDATION_LOSS("validation-loss"),
    ACCURACY("accuracy"),
    F1("f1");

    private final String id;

    SelectBestBy(String id) {
        this.id = id;
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
        throw new ConfigurationException("selectBestBy", value, "unknown criterion",
                "use one of validation-loss, accuracy, f1");
    }
}
