package dev.stellar.finetune.eval;

import com.google.gson.JsonObject;
import dev.stellar.finetune.io.Json;
import java.util.Map;

/**
 * What evaluate writes to evaluation.json: the figures per split role and the gate's verdict.
 *
 * @param splits figures keyed by role ({@code validation}, {@code test}), in evaluation order
 * @param notes why a split was not evaluated, keyed by role (e.g. a test split without labels)
 */
public record EvaluationReport(Map<String, ClassificationMetrics> splits, Map<String, String> notes,
        GateVerdict gate) {

    /** evaluation.json: one object per evaluated split keyed by its role, then "gate" and "notes". */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        splits.forEach((role, metrics) -> json.add(role, Json.tree(metrics)));
        json.add("gate", Json.tree(gate));
        json.add("notes", Json.tree(notes));
        return json;
    }
}
