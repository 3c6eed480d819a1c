package dev.stellar.finetune.train;

import dev.stellar.finetune.model.arch.KernelKind;

/**
 * Dynamic loss scaling for fp16 products, as PyTorch's GradScaler does it with its defaults: the loss is
 * multiplied by the scale before backward so that small gradients do not underflow float16; the optimizer
 * divides it out again. A step whose gradients overflow is skipped and the scale halved; after 2000 steps in a
 * row without overflow it doubles. bf16 and fp32 keep fp32's exponent range and need none of this.
 */
public final class LossScaler {

    static final double INITIAL_SCALE = 65536;
    static final int GROWTH_INTERVAL = 2000;
    /** Below this the overflow is not the scale's doing: the training diverged. */
    static final double SMALLEST_SCALE = 1.0 / 65536;

    private final boolean active;
    private double scale;
    private int stepsSinceOverflow;
    private int skipped;

    private LossScaler(boolean active, double initialScale) {
        this.active = active;
        this.scale = active ? initialScale : 1;
    }

    /** Active scaling from {@code initialScale} (tests force overflows with a huge one). */
    static LossScaler startingAt(double initialScale) {
        return new LossScaler(true, initialScale);
    }

    /** Scaling for fp16 products, none for the others. */
    public static LossScaler forKind(KernelKind kind) {
        return new LossScaler(kind.scalesLoss(), INITIAL_SCALE);
    }

    public static LossScaler none() {
        return new LossScaler(false, 1);
    }

    public boolean active() {
        return active;
    }

    /** What the loss is multiplied by before backward (1 when inactive). */
    public double scale() {
        return scale;
    }

    /** Steps skipped for overflowing gradients so far. */
    public int skippedSteps() {
        return skipped;
    }

    /**
     * Takes a step's outcome: whether its (unscaled) gradient norm was finite.
     *
     * @return true to apply the step; false to skip it (its gradients overflowed and the scale is now halved)
     */
    public boolean accept(boolean finite) {
        if (!active || finite) {
            if (active && ++stepsSinceOverflow == GROWTH_INTERVAL) {
                scale *= 2;
                stepsSinceOverflow = 0;
            }
            return true;
        }
        scale /= 2;
        stepsSinceOverflow = 0;
        skipped++;
        return false;
    }

    /** Whether repeated overflows drove the scale so low that scaling can no longer be the cause. */
    public boolean exhausted() {
        return active && scale < SMALLEST_SCALE;
    }
}
