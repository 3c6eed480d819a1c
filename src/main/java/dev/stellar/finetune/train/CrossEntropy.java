package dev.stellar.finetune.train;

import ai.djl.ndarray.NDArray;

/** Cross-entropy on logits; probabilities (softmax) are only ever computed for reporting. */
public final class CrossEntropy {

    private CrossEntropy() {}

    /** Per-row loss -log softmax(logits)[label]: (B). */
    public static NDArray perRow(NDArray logits, NDArray labels) {
        NDArray oneHot = labels.oneHot((int) logits.getShape().get(1));
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
    }

    public static NDArray mean(NDArray logits, NDArray labels) {
        return perRow(logits, labels).mean();
    }
}
