package dev.stellar.finetune.eval;

import dev.stellar.finetune.data.SplitTexts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The rows a model got wrong with the highest confidence: where a person learns most about a model and its data. */
public final class ConfidentMistakes {

    private ConfidentMistakes() {}

    /**
     * @param probabilities softmax per row and label
     * @param texts the rows' texts, row for row
     * @param limit how many to keep
     * @return wrong rows by falling probability of the predicted label; ties keep row order
     */
    public static List<Mistake> of(
            int[] truth,
            int[] predicted,
            float[][] probabilities,
            List<String> labels,
            List<SplitTexts.Text> texts,
            int limit) {
        List<Mistake> wrong = new ArrayList<>();
        for (int row = 0; row < truth.length; row++) {
            if (truth[row] != predicted[row]) {
                SplitTexts.Text text = texts.get(row);
                wrong.add(new Mistake(
                        row,
                        text.text(),
                        text.pair(),
                        labels.get(truth[row]),
                        labels.get(predicted[row]),
                        probabilities[row][predicted[row]]));
            }
        }
        wrong.sort(Comparator.comparingDouble(Mistake::probability).reversed());
        return List.copyOf(wrong.subList(0, Math.min(limit, wrong.size())));
    }
}
