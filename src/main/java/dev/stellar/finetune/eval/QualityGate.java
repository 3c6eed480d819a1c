package dev.stellar.finetune.eval;

import dev.stellar.finetune.config.GateSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Compares a split's figures with the thresholds set in the POM (JaCoCo's check, for models). */
public final class QualityGate {

    private QualityGate() {
    }

    public static GateVerdict check(GateSettings gate, ClassificationMetrics metrics) {
        List<String> failures = new ArrayList<>();
        String split = capitalise(gate.gateSplit());
        if (gate.minAccuracy() != null && metrics.accuracy() < gate.minAccuracy()) {
            failures.add(sentence(split + " accuracy", metrics.accuracy(), gate.minAccuracy(), "finetune.minAccuracy"));
        }
        if (gate.minF1() != null && metrics.f1() < gate.minF1()) {
            failures.add(sentence(split + " F1", metrics.f1(), gate.minF1(), "finetune.minF1"));
        }
        return new GateVerdict(gate.gateSplit(), gate.minAccuracy(), gate.minF1(), failures.isEmpty(), failures);
    }

    private static String sentence(String what, double value, double minimum, String property) {
        return String.format(Locale.ROOT, "%s %.3f is below the minimum %.3f set by %s", what, value, minimum,
                property);
    }

    private static String capitalise(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
