package dev.stellar.finetune.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The quality bar the build must clear.
 *
 * @param minAccuracy minimum accuracy on the gated split, or {@code null} for none
 * @param minF1 minimum F1 on the gated split, or {@code null} for none
 * @param gateSplit the split role whose figures are gated: validation or test
 * @param haltOnFailure fail the build when the bar is missed (otherwise warn)
 * @param limits the {@code <gates>}: bounds on any metric
 */
public record GateSettings(
        Double minAccuracy, Double minF1, String gateSplit, boolean haltOnFailure, List<MetricLimit> limits) {

    public GateSettings(Double minAccuracy, Double minF1, String gateSplit, boolean haltOnFailure) {
        this(minAccuracy, minF1, gateSplit, haltOnFailure, List.of());
    }

    public GateSettings {
        limits = limits == null ? List.of() : List.copyOf(limits);
        if (minAccuracy != null) {
            Checks.fraction("minAccuracy", minAccuracy, true, "use a share such as 0.8");
        }
        if (minF1 != null) {
            Checks.fraction("minF1", minF1, true, "use a share such as 0.8");
        }
        gateSplit = gateSplit == null || gateSplit.isBlank()
                ? "validation"
                : gateSplit.trim().toLowerCase(Locale.ROOT);
        if (!gateSplit.equals("validation") && !gateSplit.equals("test")) {
            throw new ConfigurationException("gateSplit", gateSplit, "names no split role", "use validation or test");
        }
    }

    public boolean hasThresholds() {
        return !allLimits().isEmpty();
    }

    /** Every bound to check: minAccuracy and minF1 first, then the {@code <gates>} in POM order. */
    public List<MetricLimit> allLimits() {
        List<MetricLimit> all = new ArrayList<>();
        if (minAccuracy != null) {
            all.add(new MetricLimit(Metric.ACCURACY, minAccuracy, null, "finetune.minAccuracy"));
        }
        if (minF1 != null) {
            all.add(new MetricLimit(Metric.F1, minF1, null, "finetune.minF1"));
        }
        all.addAll(limits);
        return all;
    }

    /** The same bar on another split. */
    public GateSettings on(String split) {
        return new GateSettings(minAccuracy, minF1, split, haltOnFailure, limits);
    }
}
