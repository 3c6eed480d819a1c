package dev.stellar.finetune.eval;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;
import dev.stellar.finetune.io.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What evaluate writes to evaluation.json: the figures per split role and the gate's verdict.
 *
 * @param splits figures keyed by role ({@code validation}, {@code test}), in evaluation order
 * @param notes why a split was not evaluated, keyed by role (e.g. a test split without labels)
 * @param mistakes the validation rows the model got wrong with the highest confidence
 * @param modelFingerprint the fingerprint of the model evaluated (its training.json's), so a report can tell
 *     an evaluation of an earlier model; {@code null} where unknown
 * @param scoredWith what computed the figures, e.g. "model.onnx in ONNX Runtime"; {@code null} where unknown
 * @param exports the figures of further exports of the same model (e.g. {@code onnx-int8}) on the same splits,
 *     by export format id, then by role
 */
public record EvaluationReport(
        Map<String, ClassificationMetrics> splits,
        Map<String, String> notes,
        GateVerdict gate,
        List<Mistake> mistakes,
        String modelFingerprint,
        String scoredWith,
        Map<String, Map<String, ClassificationMetrics>> exports) {

    private static final Set<String> OWN_KEYS =
            Set.of("gate", "notes", "mistakes", "modelFingerprint", "scoredWith", "exports");

    public EvaluationReport {
        exports = exports == null ? Map.of() : exports;
    }

    public EvaluationReport(
            Map<String, ClassificationMetrics> splits,
            Map<String, String> notes,
            GateVerdict gate,
            List<Mistake> mistakes,
            String modelFingerprint) {
        this(splits, notes, gate, mistakes, modelFingerprint, null, Map.of());
    }

    /** evaluation.json: one object per evaluated split keyed by its role, then the other fields by name. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        splits.forEach((role, metrics) -> json.add(role, Json.tree(metrics)));
        json.add("gate", Json.tree(gate));
        json.add("notes", Json.tree(notes));
        json.add("mistakes", Json.tree(mistakes));
        json.addProperty("modelFingerprint", modelFingerprint);
        json.addProperty("scoredWith", scoredWith);
        json.add("exports", Json.tree(exports));
        return json;
    }

    public static EvaluationReport read(Path file) {
        JsonObject json = Json.read(file, JsonObject.class);
        Map<String, ClassificationMetrics> splits = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : json.entrySet()) {
            if (!OWN_KEYS.contains(e.getKey())) {
                splits.put(e.getKey(), Json.fromTree(e.getValue(), ClassificationMetrics.class));
            }
        }
        Map<String, String> notes = json.has("notes")
                ? Json.fromTree(json.get("notes"), new TypeToken<Map<String, String>>() {}.getType())
                : Map.of();
        List<Mistake> mistakes = json.has("mistakes")
                ? Json.fromTree(json.get("mistakes"), new TypeToken<List<Mistake>>() {}.getType())
                : List.of();
        String fingerprint =
                json.has("modelFingerprint") && !json.get("modelFingerprint").isJsonNull()
                        ? json.get("modelFingerprint").getAsString()
                        : null;
        String scoredWith = json.has("scoredWith") && !json.get("scoredWith").isJsonNull()
                ? json.get("scoredWith").getAsString()
                : null;
        Map<String, Map<String, ClassificationMetrics>> exports = json.has("exports")
                ? Json.fromTree(
                        json.get("exports"),
                        new TypeToken<Map<String, Map<String, ClassificationMetrics>>>() {}.getType())
                : Map.of();
        return new EvaluationReport(
                splits,
                notes,
                Json.fromTree(json.get("gate"), GateVerdict.class),
                mistakes,
                fingerprint,
                scoredWith,
                exports);
    }
}
