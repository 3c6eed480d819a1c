package dev.stellar.finetune.data;

import dev.stellar.finetune.config.ProblemType;
import java.util.List;

/** Turns the label cells of rows into targets, for one problem type, once the labels are decided. */
interface TargetMapping {

    ProblemType problemType();

    /** The label names in output order (regression: the label column's name). */
    LabelSet labels();

    /** @param role the split's role, for messages */
    Targets targets(List<RawRow> rows, String role);

    /**
     * A group per row that carving keeps in proportion (the label, for single-label), and how it was chosen, for
     * the log.
     */
    Strata strata(Targets targets);

    /**
     * @param ofRow the group of each row
     * @param description how the groups were chosen, e.g. "stratified by label"
     */
    record Strata(int[] ofRow, String description) {}

    /** How many rows carry each label, by label name: what stats.json reports per split (empty for regression). */
    int[] countsPerLabel(Targets targets);
}
