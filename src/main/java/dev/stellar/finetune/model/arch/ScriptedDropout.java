package dev.stellar.finetune.model.arch;

import java.util.Locale;

/**
 * Dropout in the scripted kernels, as TorchScript source lines, with masks cut from 64-bit random words: each word
 * of {@code torch.randint} over the whole int64 range gives four 16-bit lanes, and a value is kept where its lane
 * is at or above the rate's threshold. libtorch's CPU generator costs about the same per call whatever the width
 * drawn, so four masks per draw make the mask of 3.1 million values in 14 ms against {@code torch.dropout}'s 31 ms
 * (Bernoulli draws one per value; the rand_like-and-compare in between took 23 ms) on the 2-core Xeon of issue 16,
 * where dropout was a fifth of a training step. The mask is drawn from the engine's seeded generator, so a run
 * stays reproducible from its seed; autograd keeps a one-byte mask rather than a float one.
 *
 * <p>The dropped share is the rate rounded to 1/65536 ({@link #droppedShare}); kept values are scaled by the inverse
 * of the share kept, so the expected value is exactly the input's, as with {@code torch.dropout}.
 */
public final class ScriptedDropout {

    private static final int LANES = 4;
    private static final int LANE_VALUES = 1 << 16;

    private ScriptedDropout() {}

    /** Lines, at the forward's indentation, that drop out {@code variable} at rate {@code p} while training. */
    public static String lines(String variable, double p) {
        if (p <= 0) {
            return "";
        }
        return "    if self.training:\n" + masked("      ", variable, p) + "\n";
    }

    /**
     * Attention of {@code q}, {@code k}, {@code v} (b, heads, n, head size) under the additive {@code mask} into
     * {@code result}: libtorch's fused scaled_dot_product_attention where nothing is dropped, and while training
     * with dropout the same product written out, dropping attention probabilities with {@link #lines}' mask (with
     * dropout libtorch takes this math path on a CPU anyway).
     */
    public static String attention(String q, String k, String v, String mask, double p, int headSize, String result) {
        String fused =
                result + " = torch.scaled_dot_product_attention(" + q + ", " + k + ", " + v + ", " + mask + ", 0.)";
        if (p <= 0) {
            return "    " + fused;
        }
        return String.join(
                "\n",
                "    if self.training:",
                "      w = torch.softmax(torch.add(torch.mul(torch.matmul(" + q + ", torch.transpose(" + k
                        + ", -2, -1)), " + number(1.0 / Math.sqrt(headSize)) + "), " + mask + "), -1)",
                masked("      ", "w", p),
                "      " + result + " = torch.matmul(w, " + v + ")",
                "    else:",
                "      " + fused);
    }

    /** The share of values dropped at rate {@code p}: p rounded to a multiple of 1/65536, as the lanes resolve it. */
    public static double droppedShare(double p) {
        return droppedLanes(p) / (double) LANE_VALUES;
    }

    private static long droppedLanes(double p) {
        return Math.min(Math.round(p * LANE_VALUES), LANE_VALUES - 1);
    }

    /**
     * Lanes are compared at the top of the word: a lane shifted into bits 48-63 is at or above the signed threshold
     * t exactly when the word is at or above t << 48, whatever the bits below; the top lane needs no shift.
     */
    private static String masked(String indent, String variable, double p) {
        long threshold = Long.MIN_VALUE + (droppedLanes(p) << 48);
        String keep = String.valueOf(threshold);
        StringBuilder lanes = new StringBuilder("torch.ge(_r, " + keep + ")");
        for (int lane = 1; lane < LANES; lane++) {
            lanes.append(", torch.ge(torch.bitwise_left_shift(_r, ")
                    .append(16 * lane)
                    .append("), ")
                    .append(keep)
                    .append(')');
        }
        return String.join(
                "\n",
                indent + "_n = torch.numel(" + variable + ")",
                indent + "_r = torch.randint(" + Long.MIN_VALUE + ", " + Long.MAX_VALUE
                        + ", [torch.floordiv(torch.add(_n, "
                        + (LANES - 1) + "), " + LANES + ")], dtype=4, layout=None, device=ops.prim.device(" + variable
                        + "), pin_memory=None)",
                indent + "_m = torch.reshape(torch.narrow(torch.reshape(torch.stack([" + lanes + "]), [-1]), 0, 0, _n),"
                        + " torch.size(" + variable + "))",
                indent + variable + " = torch.where(_m, torch.mul(" + variable + ", "
                        + number(1.0 / (1.0 - droppedShare(p))) + "), 0.)");
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.17g", value);
    }
}
