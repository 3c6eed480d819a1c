package dev.stellar.finetune.eval;

import dev.stellar.finetune.config.GateSettings;
import dev.stellar.finetune.config.MetricLimit;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of the quality gate.
 *
 * @param split the gated split role
 * @param failures one sentence per missed threshold; empty when the gate passed or had no threshold
 * @param limits the bounds set with {@code <gates>}, beside minAccuracy and minF1
 */
public record GateVerdict(
        String split,
        Double minAccuracy,
        Double minF1,
        boolean passed,
        List<String> failures,
        List<MetricLimit> limits) {

    public GateVerdict(String split, Double minAccuracy, Double minF1, boolean passed, List<String> failures) {
        this(split, minAccuracy, minF1, passed, failures, List.of());
    }

    public GateVerdict {
        failures = List.copyOf(failures);
        limits = limits == null ? List.of() : List.copyOf(limits);
    }

    /** Whether any bound was set. */
    public boolean hasLimits() {
        return minAccuracy != null || minF1 != null || !limits.isEmpty();
    }

    /** The bounds in words: "accuracy at least 0.8, MCC at least 0.6, log loss at most 0.3". */
    public String describeLimits() {
        List<String> words = new ArrayList<>();
        for (MetricLimit limit : new GateSettings(minAccuracy, minF1, split, true, limits).allLimits()) {
            String label = limit.metric().label();
            if (limit.minimum() != null) {
                words.add(label + " at least " + limit.minimum());
            }
            if (limit.maximum() != null) {
                words.add(label + " at most " + limit.maximum());
            }
        }
        return String.join(", ", words);
    }
}
