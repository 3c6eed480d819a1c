package dev.stellar.finetune.eval;

/**
 * A row the model got wrong.
 *
 * @param row the row's 0-based index in its split
 * @param pair the second text of a sentence pair, else {@code null}
 * @param probability the probability the model gave its (wrong) prediction
 */
public record Mistake(int row, String text, String pair, String trueLabel, String predictedLabel, double probability) {}
