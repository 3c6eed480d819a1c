package dev.stellar.finetune.model.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.training.ParameterStore;
import dev.stellar.finetune.engine.ScriptedModules;
import dev.stellar.finetune.testing.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kernels' dropout against what it replaces: torch.dropout's distribution (each value kept with probability
 * 1 - p and scaled by 1/(1-p), none in inference), reproducible from the seed; and the written-out attention
 * equal to libtorch's fused one when nothing is dropped.
 */
class ScriptedDropoutMaskTest {

    private static final int N = 1 << 20;

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    private static String module(String name, String inputs, String body) {
        return String.join(
                "\n",
                "class " + name + "(Module):",
                "  __parameters__ = []",
                "  __buffers__ = []",
                "  training : bool",
                "  _is_full_backward_hook : Optional[bool]",
                "  def forward(self: __torch__." + name + ", " + inputs + ") -> Tensor:",
                body,
                "");
    }

    private static NDArray run(PtSymbolBlock module, boolean training, NDArray... inputs) {
        return module.forward(new ParameterStore(inputs[0].getManager(), false), new NDList(inputs), training)
                .singletonOrThrow();
    }

    private static float[] dropped(double p, boolean training, long seed) {
        PtSymbolBlock module = ScriptedModules.get(
                "DropoutUnderTest",
                module("DropoutUnderTest", "v: Tensor", ScriptedDropout.lines("v", p) + "    return v"));
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed((int) seed);
            return run(module, training, manager.ones(new Shape(N))).toFloatArray();
        }
    }

    @Test
    void keepsEachValueWithProbabilityOneMinusPScaledByItsInverse() {
        for (double p : new double[] {0.1, 0.5}) {
            float[] out = dropped(p, true, 7);
            double share = ScriptedDropout.droppedShare(p);
            assertEquals(p, share, 0.5 / 65536, "the rate resolved to 1/65536");
            float scale = (float) (1 / (1 - share));
            int zeros = 0;
            double sum = 0;
            for (float v : out) {
                assertTrue(v == 0f || Math.abs(v - scale) < 1e-6, "a value is dropped or scaled: " + v);
                zeros += v == 0f ? 1 : 0;
                sum += v;
            }
            double sigma = Math.sqrt(p * (1 - p) / N);
            assertEquals(share, zeros / (double) N, 5 * sigma, "dropped fraction at p " + p);
            assertEquals(1.0, sum / N, 5 * sigma * scale, "the mean is kept at p " + p);
        }
    }

    @Test
    void theFourLanesOfAWordDropIndependently() {
        // The lanes of one random word land a quarter of the tensor apart: each pair of quarters must be kept
        // together as often as two independent draws are, (1 - p)^2.
        double p = 0.5;
        float[] out = dropped(p, true, 3);
        int quarter = N / 4;
        for (int a = 0; a < 4; a++) {
            for (int b = a + 1; b < 4; b++) {
                int both = 0;
                for (int i = 0; i < quarter; i++) {
                    both += out[a * quarter + i] != 0f && out[b * quarter + i] != 0f ? 1 : 0;
                }
                double expected = (1 - p) * (1 - p);
                double sigma = Math.sqrt(expected * (1 - expected) / quarter);
                assertEquals(expected, both / (double) quarter, 5 * sigma, "lanes " + a + " and " + b);
            }
        }
    }

    @Test
    void keepsTheShapeOfTensorsWhoseSizeIsNotAMultipleOfFourAndPassesTheMaskedGradient() {
        PtSymbolBlock module = ScriptedModules.get(
                "DropoutGradientUnderTest",
                module("DropoutGradientUnderTest", "v: Tensor", ScriptedDropout.lines("v", 0.3) + "    return v"));
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray v = manager.ones(new Shape(3, 5, 7));
            v.setRequiresGradient(true);
            float[] out;
            float[] gradient;
            try (ai.djl.training.GradientCollector collector =
                    Engine.getInstance().newGradientCollector()) {
                NDArray y = run(module, true, v);
                assertEquals(new Shape(3, 5, 7), y.getShape());
                out = y.toFloatArray();
                collector.backward(y.sum());
                gradient = v.getGradient().toFloatArray();
            }
            // d(sum of outputs)/dv is the output itself for an input of ones: mask times scale
            assertArrayEquals(out, gradient, 0f);
            int kept = 0;
            for (float o : out) {
                kept += o != 0f ? 1 : 0;
            }
            assertTrue(kept > 40 && kept < 100, "about 70% of 105 kept: " + kept);
        }
    }

    @Test
    void sameSeedSameMaskAndNoneInInference() {
        assertArrayEquals(dropped(0.1, true, 11), dropped(0.1, true, 11));
        float[] other = dropped(0.1, true, 12);
        float[] first = dropped(0.1, true, 11);
        int differ = 0;
        for (int i = 0; i < N; i++) {
            differ += first[i] != other[i] ? 1 : 0;
        }
        assertTrue(differ > N / 10, "another seed, another mask");
        float[] inference = dropped(0.1, false, 11);
        for (float v : inference) {
            assertEquals(1f, v, 0f);
        }
    }

    @Test
    void theWrittenOutAttentionIsTheFusedOneWhenNothingIsDropped() {
        // p this small keeps every probability (and scales by 1 + 1e-12): the training path, nothing dropped.
        String body = ScriptedDropout.attention("q", "k", "v", "mask", 1e-12, 8, "c") + "\n    return c";
        PtSymbolBlock module = ScriptedModules.get(
                "AttentionUnderTest",
                module("AttentionUnderTest", "q: Tensor, k: Tensor, v: Tensor, mask: Tensor", body));
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray q = manager.randomNormal(new Shape(2, 3, 5, 8));
            NDArray k = manager.randomNormal(new Shape(2, 3, 5, 8));
            NDArray v = manager.randomNormal(new Shape(2, 3, 5, 8));
            // the last key of the second row masked out, as padding is
            float[] bias = new float[10];
            bias[9] = -1e9f;
            NDArray mask = manager.create(bias, new Shape(2, 1, 1, 5));
            float[] written = run(module, true, q, k, v, mask).toFloatArray();
            float[] fused = run(module, false, q, k, v, mask).toFloatArray();
            assertArrayEquals(fused, written, 1e-5f);
        }
    }

    /** Written out with dropout, the attention is softmax, then dropout with the same mask, then the product. */
    @Test
    void theWrittenOutAttentionWithDropoutIsSoftmaxDropoutProduct() {
        String inputs = "q: Tensor, k: Tensor, v: Tensor, mask: Tensor";
        String plainBody = String.join(
                "\n",
                "    w = torch.softmax(torch.add(torch.mul(torch.matmul(q, torch.transpose(k, -2, -1)), "
                        + (1.0 / Math.sqrt(8)) + "), mask), -1)",
                ScriptedDropout.lines("w", 0.3) + "    return torch.matmul(w, v)");
        PtSymbolBlock plain = ScriptedModules.get("AttentionPlain", module("AttentionPlain", inputs, plainBody));
        PtSymbolBlock written = ScriptedModules.get(
                "AttentionWritten",
                module(
                        "AttentionWritten",
                        inputs,
                        ScriptedDropout.attention("q", "k", "v", "mask", 0.3, 8, "c") + "\n    return c"));
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray q = manager.randomNormal(new Shape(2, 3, 5, 8));
            NDArray k = manager.randomNormal(new Shape(2, 3, 5, 8));
            NDArray v = manager.randomNormal(new Shape(2, 3, 5, 8));
            NDArray mask = manager.zeros(new Shape(2, 1, 1, 5));
            Engine.getInstance().setRandomSeed(8);
            float[] expected = run(plain, true, q, k, v, mask).toFloatArray();
            Engine.getInstance().setRandomSeed(8);
            float[] actual = run(written, true, q, k, v, mask).toFloatArray();
            assertArrayEquals(expected, actual, 1e-5f);
            Engine.getInstance().setRandomSeed(9);
            float[] otherMask = run(written, true, q, k, v, mask).toFloatArray();
            double largest = 0;
            for (int j = 0; j < expected.length; j++) {
                largest = Math.max(largest, Math.abs(expected[j] - otherMask[j]));
            }
            assertTrue(largest > 1e-3, "another seed drops other probabilities");
        }
    }
}
