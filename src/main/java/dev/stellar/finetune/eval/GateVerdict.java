package dev.stellar.finetune.eval;

import java.util.List;

/**
 * The outcome of the quality gate.
 *
 * @param split the gated split role
 * @param failures one sentence per missed threshold; empty when the gate passed or had no threshold
 */
public record GateVerdict(String split, Double minAccuracy, Double minF1, boolean passed, List<String> failures) {

    public GateVerdict {
        failures = List.copyOf(failures);
    }
}
