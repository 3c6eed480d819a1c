package dev.stellar.finetune.eval;

import dev.stellar.finetune.config.GateSettings;
import dev.stellar.finetune.config.MetricLimit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Compares a split's figures with the thresholds set in the POM (JaCoCo's check, for models). */
public final class QualityGate {

    /** Decimals of a measured figure in a message, at the least. */
    private static final int MEASURED_DECIMALS = 3;

    private static final String TEST = "test";
    private static final String VALIDATION = "validation";

    private QualityGate() {}

    /**
     * The split to gate: as configured, except that a test split that was prepared without labels (GLUE hides its
     * test labels) leaves validation as the only honest bar, when validation was scored.
     *
     * @param scored the splits that have figures
     * @param unlabelled the splits that exist but have no labels
     */
    public static GateSettings gatedSplit(GateSettings gate, Set<String> scored, Set<String> unlabelled) {
        if (gate.gateSplit().equals(TEST)
                && !scored.contains(TEST)
                && unlabelled.contains(TEST)
                && scored.contains(VALIDATION)) {
            return gate.on(VALIDATION);
        }
        return gate;
    }

    public static GateVerdict check(GateSettings gate, ClassificationMetrics metrics) {
        List<String> failures = new ArrayList<>();
        String split = capitalise(gate.gateSplit());
        for (MetricLimit limit : gate.allLimits()) {
            limit.metric().requireFits(metrics.problemType(), limit.source());
            String what = split + " " + limit.metric().label();
            double value = MetricValues.of(limit.metric(), metrics);
            if (Double.isNaN(value)) {
                failures.add(what + " is undefined (a label has no rows in the " + gate.gateSplit()
                        + " split, or the values are constant), so the limit set by " + limit.source()
                        + " cannot be checked");
            } else if (limit.minimum() != null && value < limit.minimum()) {
                failures.add(sentence(what, value, limit.minimum(), limit.source()));
            } else if (limit.maximum() != null && value > limit.maximum()) {
                failures.add(above(what, value, limit.maximum(), limit.source()));
            }
        }
        return new GateVerdict(
                gate.gateSplit(), gate.minAccuracy(), gate.minF1(), failures.isEmpty(), failures, gate.limits());
    }

    /**
     * As JaCoCo's {@code Limit} words it: the limit as configured, and the measured value rounded toward failing
     * (down, for a minimum) to at least three decimals and at least as many as the limit has, so a value just
     * below the limit never reads as equal to it (0.7996 against 0.8 reads 0.799, not 0.800).
     */
    static String sentence(String what, double value, double minimum, String property) {
        BigDecimal limit = BigDecimal.valueOf(minimum).stripTrailingZeros();
        return what + " " + rounded(value, limit, RoundingMode.FLOOR) + " is below the minimum " + limit.toPlainString()
                + " set by " + property;
    }

    /** The same for a maximum: the value rounded up, so one just above the limit never reads as equal to it. */
    static String above(String what, double value, double maximum, String property) {
        BigDecimal limit = BigDecimal.valueOf(maximum).stripTrailingZeros();
        return what + " " + rounded(value, limit, RoundingMode.CEILING) + " is above the maximum "
                + limit.toPlainString() + " set by " + property;
    }

    private static String rounded(double value, BigDecimal limit, RoundingMode towardFailing) {
        int scale = Math.max(MEASURED_DECIMALS, limit.scale());
        return BigDecimal.valueOf(value).setScale(scale, towardFailing).toPlainString();
    }

    private static String capitalise(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
