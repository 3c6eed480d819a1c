package dev.stellar.finetune.data;

import java.util.List;

/**
 * A split as read from its files, rows in file order.
 *
 * @param labeled whether the rows carry labels; {@code false} when the label column is absent, or every label
 *     is hidden ({@link HiddenLabels}) or empty
 * @param note why a split that has a label column counts as unlabelled, else {@code null}
 */
public record RawSplit(SplitFiles files, List<RawRow> rows, boolean labeled, String note) {

    public String name() {
        return files.name();
    }

    public int size() {
        return rows.size();
    }
}
