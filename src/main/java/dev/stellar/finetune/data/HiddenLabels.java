package dev.stellar.finetune.data;

import java.util.List;

/**
 * Hidden labels: GLUE's test files label every row -1 and keep the answers to themselves. A split whose every
 * label is hidden is read as unlabelled (scored by nobody, gated by nobody); one that hides only some is an error.
 */
public final class HiddenLabels {

    /** The label value that means "not told". */
    public static final String VALUE = "-1";

    /** Why a split read with a label column counts as unlabelled when every label is hidden. */
    static final String NOTE = "every label is " + VALUE + " (hidden labels, as in GLUE's test files)";

    private HiddenLabels() {}

    static boolean isHidden(String label) {
        return VALUE.equals(label);
    }

    /** Whether the rows have labels and every one of them is hidden. */
    static boolean allHidden(List<RawRow> rows) {
        return !rows.isEmpty() && rows.stream().allMatch(r -> isHidden(r.label()));
    }
}
