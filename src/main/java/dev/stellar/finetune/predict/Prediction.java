package dev.stellar.finetune.predict;

/**
 * The model's answer for one text (or text pair).
 *
 * @param row the 1-based row of the input file, 1 for a text from the command line
 * @param text the (first) text
 * @param pair the second text of a sentence pair, else {@code null}
 * @param label the most probable label's name; for multi-label the labels predicted, joined by {@code |}
 *     (empty when none reaches the threshold); for regression the predicted value
 * @param probabilities the softmax over the labels, in the model's label order (id2label); for multi-label each
 *     label's sigmoid; for regression the one predicted value
 */
public record Prediction(int row, String text, String pair, String label, float[] probabilities) {

    /** The probability of the predicted label. */
    public float confidence() {
        float best = 0;
        for (float p : probabilities) {
            best = Math.max(best, p);
        }
        return best;
    }
}
