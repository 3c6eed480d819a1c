package dev.stellar.finetune.config;

import java.util.Locale;

/**
 * The quality bar the build must clear.
 *
 * @param minAccuracy minimum accuracy on the gated split, or {@code null} for none
 * @param minF1 minimum F1 on the gated split, or {@code null} for none
 * @param gateSplit the split role whose figures are gated: validation or test
 * @param haltOnFailure fail the build when the bar is missed (otherwise warn)
 */
public record GateSettings(Double minAccuracy, Double minF1, String gateSplit, boolean haltOnFailure) {

    public GateSettings {
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
        return minAccuracy != null || minF1 != null;
    }
}
