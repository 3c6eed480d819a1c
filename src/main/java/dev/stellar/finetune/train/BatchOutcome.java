package dev.stellar.finetune.train;

/** The result of one optimizer step: its mean loss, the predictions made on the way, the gradient norm. */
public record BatchOutcome(double loss, int[] predictions, double gradientNorm) {}
