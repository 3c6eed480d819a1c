package dev.stellar.finetune.model;

import dev.stellar.finetune.config.ProblemType;

/**
 * What a classifier's outputs mean: its problem type and, for multi-label, the probability from which a label is
 * predicted. config.json records both ({@code problem_type}, and {@code finetune.threshold}).
 */
public record ModelTask(ProblemType problemType, double threshold) {

    public static final ModelTask SINGLE_LABEL = new ModelTask(ProblemType.SINGLE_LABEL, 0.5);

    public ModelTask {
        problemType = problemType == null ? ProblemType.SINGLE_LABEL : problemType;
    }

    public static ModelTask of(ProblemType problemType) {
        return new ModelTask(problemType, 0.5);
    }

    public boolean isSingleLabel() {
        return problemType == ProblemType.SINGLE_LABEL;
    }

    public boolean isMultiLabel() {
        return problemType == ProblemType.MULTI_LABEL;
    }

    public boolean isRegression() {
        return problemType == ProblemType.REGRESSION;
    }
}
