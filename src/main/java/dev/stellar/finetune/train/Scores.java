package dev.stellar.finetune.train;

/**
 * A model's outputs on a split.
 *
 * @param probabilities per row: the softmax over the labels; for multi-label a sigmoid per label; for regression
 *     the one predicted value
 * @param predictions the most probable label per row (single-label; the largest output otherwise)
 * @param loss the mean loss over the rows ({@link Objective}), NaN when the split has no labels
 */
public record Scores(float[][] probabilities, int[] predictions, double loss) {}
