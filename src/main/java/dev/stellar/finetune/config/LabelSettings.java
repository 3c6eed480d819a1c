package dev.stellar.finetune.config;

import java.util.List;

/**
 * How the label cells become targets: the problem type, and for multi-label data where the labels are.
 *
 * @param problemType {@code null} to infer it from the training labels (a list-valued or delimited column is
 *     multi-label, numbers with a fraction are regression, anything else single-label)
 * @param labelDelimiter splits a text label cell into several labels (multi-label), e.g. {@code |}; {@code null}
 *     for none
 * @param labelColumns several 0/1 columns, one per label, named by their column (multi-label); empty for none
 * @param threshold the probability from which a label is predicted (multi-label)
 */
public record LabelSettings(
        ProblemType problemType, String labelDelimiter, List<String> labelColumns, double threshold) {

    public static final double DEFAULT_THRESHOLD = 0.5;
    public static final LabelSettings INFERRED = new LabelSettings(null, null, List.of(), DEFAULT_THRESHOLD);

    public LabelSettings {
        labelDelimiter = labelDelimiter == null || labelDelimiter.isEmpty() ? null : labelDelimiter;
        labelColumns = labelColumns == null
                ? List.of()
                : labelColumns.stream()
                        .map(String::trim)
                        .filter(c -> !c.isEmpty())
                        .toList();
        if (!(threshold > 0 && threshold < 1)) {
            throw new ConfigurationException(
                    "threshold",
                    threshold,
                    "must lie strictly between 0 and 1: it is the probability from which a label is predicted",
                    "use e.g. 0.5, or a higher value to predict fewer labels");
        }
        boolean multiLabelSource = labelDelimiter != null || !labelColumns.isEmpty();
        if (multiLabelSource && problemType != null && problemType != ProblemType.MULTI_LABEL) {
            throw new ConfigurationException(
                    labelDelimiter != null ? "labelDelimiter" : "labelColumns",
                    labelDelimiter != null ? labelDelimiter : String.join(",", labelColumns),
                    "it describes several labels per row, but problemType is " + problemType.id(),
                    "set <problemType>multi-label</problemType>, or remove it");
        }
        if (labelDelimiter != null && !labelColumns.isEmpty()) {
            throw new ConfigurationException(
                    "labelDelimiter",
                    labelDelimiter,
                    "labelColumns already names one column per label",
                    "use either <labelColumns> (one 0/1 column per label) or <labelDelimiter> (one column of"
                            + " delimited labels)");
        }
        if (labelColumns.size() == 1) {
            throw new ConfigurationException(
                    "labelColumns",
                    labelColumns.get(0),
                    "names one column; multi-label data needs a 0/1 column per label, two or more",
                    "list every label column, e.g. billing,bug,feature");
        }
        if (labelColumns.stream().distinct().count() != labelColumns.size()) {
            throw new ConfigurationException(
                    "labelColumns", String.join(",", labelColumns), "names a column twice", "list each column once");
        }
    }

    /** The problem type the settings fix without looking at the data, or {@code null}. */
    public ProblemType declared() {
        if (problemType != null) {
            return problemType;
        }
        return labelDelimiter != null || !labelColumns.isEmpty() ? ProblemType.MULTI_LABEL : null;
    }
}
