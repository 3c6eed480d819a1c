package dev.stellar.finetune.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the model predicts for a text, as transformers' {@code problem_type} names it: one label of several
 * (softmax, cross-entropy), any number of labels (a sigmoid per label, binary cross-entropy), or a number (one
 * output, mean squared error).
 */
public enum ProblemType {
    SINGLE_LABEL("single-label", "single_label_classification"),
    MULTI_LABEL("multi-label", "multi_label_classification"),
    REGRESSION("regression", "regression");

    private final String id;
    private final String transformersName;

    ProblemType(String id, String transformersName) {
        this.id = id;
        this.transformersName = transformersName;
    }

    /** The POM's name: single-label, multi-label, regression. */
    public String id() {
        return id;
    }

    /** config.json's {@code problem_type}, which picks the loss in transformers' *ForSequenceClassification. */
    public String transformersName() {
        return transformersName;
    }

    public boolean classifies() {
        return this != REGRESSION;
    }

    /** The {@code problemType} parameter; {@code null} or blank for "infer it from the label column". */
    public static ProblemType parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (ProblemType type : values()) {
            if (type.id.equals(wanted) || type.transformersName.equals(wanted)) {
                return type;
            }
        }
        throw new ConfigurationException(
                "problemType",
                value,
                "names no problem type",
                "use one of " + Arrays.stream(values()).map(ProblemType::id).collect(Collectors.joining(", "))
                        + ", or leave it out to infer it from the label column");
    }

    /** The type a config.json records; single-label where it records none (older models, most Hub models). */
    public static ProblemType fromTransformersName(String name) {
        for (ProblemType type : values()) {
            if (type.transformersName.equals(name)) {
                return type;
            }
        }
        return SINGLE_LABEL;
    }
}
