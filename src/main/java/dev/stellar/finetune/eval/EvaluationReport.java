package dev.stellar.finetune.eval;

import java.util.Map;

/**
 * What evaluate writes to evaluation.json: the figures per split role and the gate's verdict.
 *
 * @param splits figures keyed by role ({@code validation}, {@code test}), in evaluation order
 * @param notes why a split was not evaluated, keyed by role (e.g. a test split without labels)
 */
public record EvaluationReport(Map<String, ClassificationMetrics> splits, Map<String, String> notes,
        GateVerdict gate) {
}
