package dev.stellar.finetune.data;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.ProblemType;
import java.util.Arrays;
import java.util.List;

/** Regression targets: each row's label is a number, the one output's target. */
final class RegressionMapping implements TargetMapping {

    /** Carving keeps the share of each of these many value ranges (quantiles of the training values). */
    private static final int BINS = 5;

    private final String labelColumn;

    RegressionMapping(String labelColumn) {
        this.labelColumn = labelColumn;
    }

    @Override
    public ProblemType problemType() {
        return ProblemType.REGRESSION;
    }

    @Override
    public LabelSet labels() {
        return new LabelSet(List.of(labelColumn));
    }

    @Override
    public Targets targets(List<RawRow> rows, String role) {
        float[][] values = new float[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            values[r] = new float[] {(float) value(rows.get(r), labelColumn)};
        }
        return Targets.ofValues(values);
    }

    /** The row's label as a finite number, or a message naming the row. */
    static double value(RawRow row, String labelColumn) {
        double value;
        try {
            value = Double.parseDouble(row.label());
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!Double.isFinite(value)) {
            throw new ConfigurationException(
                    "labelColumn",
                    labelColumn,
                    "the label '" + row.label() + "' at " + row.where() + " is not a number, while problemType is"
                            + " regression",
                    "correct the value, or set <problemType>single-label</problemType> if the labels are classes");
        }
        return value;
    }

    /** Quantile bins of the values, so validation and test cover the range as train does. */
    @Override
    public Strata strata(Targets targets) {
        float[] sorted = new float[targets.size()];
        for (int r = 0; r < sorted.length; r++) {
            sorted[r] = targets.values()[r][0];
        }
        Arrays.sort(sorted);
        int[] ofRow = new int[sorted.length];
        for (int r = 0; r < ofRow.length; r++) {
            int below = lowerBound(sorted, targets.values()[r][0]);
            ofRow[r] = Math.min(BINS - 1, (int) ((long) below * BINS / Math.max(1, sorted.length)));
        }
        return new Strata(ofRow, "stratified by " + BINS + " quantile ranges of " + labelColumn);
    }

    private static int lowerBound(float[] sorted, float value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    @Override
    public int[] countsPerLabel(Targets targets) {
        return new int[0];
    }
}
