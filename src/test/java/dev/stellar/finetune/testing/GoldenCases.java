package dev.stellar.finetune.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.model.ModelInputs;
import dev.stellar.finetune.model.arch.KernelKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Reading a fixture's golden.json: its (B, S) id arrays and nested float arrays, and comparing outputs. */
public final class GoldenCases {

    private GoldenCases() {}

    /** Every layer kernel training uses, with the tolerance each holds against a float64 reference. */
    public static Stream<Arguments> kernels() {
        return Stream.of(
                Arguments.of("eager", KernelKind.EAGER, 1e-4),
                Arguments.of("fp32", KernelKind.FP32, 1e-4),
                // bf16 products round to 8 significant bits: the reference holds only roughly.
                Arguments.of("bf16", KernelKind.BF16, 0.1),
                // fp16 keeps 11 significant bits.
                Arguments.of("fp16", KernelKind.FP16, 0.02));
    }

    /** The cases of {@code fixture}/golden.json. */
    public static List<JsonObject> cases(Path fixture) throws IOException {
        List<JsonObject> cases = new ArrayList<>();
        JsonParser.parseString(Files.readString(fixture.resolve("golden.json"), StandardCharsets.UTF_8))
                .getAsJsonObject()
                .getAsJsonArray("cases")
                .forEach(c -> cases.add(c.getAsJsonObject()));
        return cases;
    }

    /**
     * The model inputs of one case: its input_ids, token_type_ids and attention_mask. A case without
     * token_type_ids (DistilBERT's: the model takes none) gets zeros.
     */
    public static NDList inputs(NDManager manager, JsonObject c) {
        return ModelInputs.of(
                manager,
                longs(c.getAsJsonArray("input_ids")),
                tokenTypeIds(c),
                longs(c.getAsJsonArray("attention_mask")));
    }

    /** The case's token_type_ids, or zeros shaped like its input_ids where it has none. */
    public static long[][] tokenTypeIds(JsonObject c) {
        long[][] ids = longs(c.getAsJsonArray("input_ids"));
        return c.has("token_type_ids")
                ? longs(c.getAsJsonArray("token_type_ids"))
                : new long[ids.length][ids[0].length];
    }

    public static long[][] longs(JsonArray rows) {
        long[][] out = new long[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonArray row = rows.get(i).getAsJsonArray();
            out[i] = new long[row.size()];
            for (int j = 0; j < row.size(); j++) {
                out[i][j] = row.get(j).getAsLong();
            }
        }
        return out;
    }

    public static double[] flatten(JsonElement nested) {
        List<Double> values = new ArrayList<>();
        collect(nested, values);
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void collect(JsonElement e, List<Double> into) {
        if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> collect(x, into));
        } else {
            into.add(e.getAsDouble());
        }
    }

    /**
     * The largest absolute difference over the (B, S, H) states of real tokens only (attention_mask 1), for
     * families whose padded rows the reference leaves to its attention path (DeBERTa, ModernBERT).
     */
    public static double maxDifferenceOnRealTokens(float[] actual, double[] expected, long[][] attentionMask) {
        assertEquals(expected.length, actual.length, "element count");
        int length = attentionMask[0].length;
        int hidden = actual.length / (attentionMask.length * length);
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            int token = i / hidden;
            if (attentionMask[token / length][token % length] == 1) {
                max = Math.max(max, Math.abs(actual[i] - expected[i]));
            }
        }
        return max;
    }

    /** The largest absolute difference, after checking that both hold as many values. */
    public static double maxDifference(float[] actual, double[] expected) {
        assertEquals(expected.length, actual.length, "element count");
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            max = Math.max(max, Math.abs(actual[i] - expected[i]));
        }
        return max;
    }

    /**
     * The largest absolute difference of hidden states (B, S, H) over the rows where {@code attentionMask} is 1
     * (DeBERTa's and ModernBERT's padded rows depend on the transformers release).
     */
    public static double maxDifferenceOnRealRows(float[] actual, double[] expected, long[][] attentionMask) {
        assertEquals(expected.length, actual.length, "element count");
        int tokens = attentionMask.length * attentionMask[0].length;
        int hidden = actual.length / tokens;
        double max = 0;
        for (int t = 0; t < tokens; t++) {
            if (attentionMask[t / attentionMask[0].length][t % attentionMask[0].length] == 0) {
                continue;
            }
            for (int i = t * hidden; i < (t + 1) * hidden; i++) {
                max = Math.max(max, Math.abs(actual[i] - expected[i]));
            }
        }
        return max;
    }
}
