package dev.stellar.finetune.train;

/**
 * A model's outputs on a split.
 *
 * @param probabilities softmax per row and label
 * @param predictions the most probable label per row
 * @param loss mean cross-entropy over the rows, NaN when the split has no labels
 */
public record Scores(float[][] probabilities, int[] predictions, double loss) {}
