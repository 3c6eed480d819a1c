package dev.stellar.finetune.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stellar.finetune.data.SplitTexts;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfidentMistakesTest {

    @Test
    void wrongRowsMostConfidentFirstUpToTheLimit() {
        int[] truth = {0, 1, 1, 0, 1};
        int[] predicted = {0, 0, 0, 1, 0};
        float[][] probabilities = {{0.9f, 0.1f}, {0.6f, 0.4f}, {0.95f, 0.05f}, {0.2f, 0.8f}, {0.7f, 0.3f}};
        List<SplitTexts.Text> texts = List.of(
                new SplitTexts.Text("a", null),
                new SplitTexts.Text("b", null),
                new SplitTexts.Text("c", null),
                new SplitTexts.Text("d", "d2"),
                new SplitTexts.Text("e", null));
        List<Mistake> mistakes = ConfidentMistakes.of(truth, predicted, probabilities, List.of("neg", "pos"), texts, 3);
        assertEquals(List.of(2, 3, 4), mistakes.stream().map(Mistake::row).toList());
        Mistake first = mistakes.get(0);
        assertEquals("c", first.text());
        assertEquals("pos", first.trueLabel());
        assertEquals("neg", first.predictedLabel());
        assertEquals(0.95, first.probability(), 1e-6);
        assertEquals("d2", mistakes.get(1).pair());
        assertEquals(
                List.of(),
                ConfidentMistakes.of(
                        new int[] {1},
                        new int[] {1},
                        new float[][] {{0, 1}},
                        List.of("neg", "pos"),
                        List.of(new SplitTexts.Text("x", null)),
                        3));
    }
}
