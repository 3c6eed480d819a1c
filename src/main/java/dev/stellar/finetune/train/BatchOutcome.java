package dev.stellar.finetune.train;

/**
 * The result of one optimizer step: its mean loss, the predictions made on the way, the gradient norm, and
 * whether the update was skipped (fp16 gradients that overflowed at the current loss scale).
 */
public record BatchOutcome(double loss, int[] predictions, double gradientNorm, boolean skipped) {

    public BatchOutcome(double loss, int[] predictions, double gradientNorm) {
        this(loss, predictions, gradientNorm, false);
    }
}
