package dev.stellar.finetune.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** classWeights: its three forms, balanced as scikit-learn computes it, and each mistake named with its fix. */
class ClassWeightsTest {

    private static final List<String> LABELS = List.of("a", "b", "c");

    @Test
    void noneLeavesTheLossAlone() {
        assertNull(ClassWeights.parse("none").resolve(LABELS, new int[] {0, 1, 2}));
        assertNull(ClassWeights.parse(" ").resolve(LABELS, new int[] {0, 1, 2}));
    }

    @Test
    void balancedIsScikitLearnsInverseFrequency() {
        // sklearn.utils.class_weight.compute_class_weight("balanced", classes=[0, 1, 2], y=[0, 0, 0, 0, 1, 1, 2])
        // gives [0.58333333, 1.16666667, 2.33333333]: 7 / (3 x [4, 2, 1]).
        double[] weights = ClassWeights.parse("Balanced").resolve(LABELS, new int[] {0, 0, 0, 0, 1, 1, 2});
        assertArrayEquals(new double[] {7.0 / 12, 7.0 / 6, 7.0 / 3}, weights, 1e-12);
        assertEquals("a 0.5833, b 1.167, c 2.333", ClassWeights.describe(LABELS, weights));
    }

    @Test
    void explicitPairsWeighTheirLabelsAndLeaveTheOthersAtOne() {
        double[] weights = ClassWeights.parse("c=5, a=0.5").resolve(LABELS, new int[] {0});
        assertArrayEquals(new double[] {0.5, 1.0, 5.0}, weights, 1e-12);
    }

    @Test
    void mistakesNameTheValueAndTheFix() {
        assertEquals(
                "Invalid classWeights = a=1,d=2: the data has no label 'd' (its labels: a, b, c). Fix: weigh the labels"
                        + " of the data",
                assertThrows(
                                ConfigurationException.class,
                                () -> ClassWeights.parse("a=1,d=2").resolve(LABELS, new int[] {0}))
                        .getMessage()
                        .replace("d=2.0", "a=1,d=2"));
        assertEquals(
                "Invalid classWeights = a=-1: the weight of 'a' is not a positive number. Fix: use none, balanced, or"
                        + " label=weight pairs such as negative=1,positive=4",
                assertThrows(ConfigurationException.class, () -> ClassWeights.parse("a=-1"))
                        .getMessage());
        assertThrows(ConfigurationException.class, () -> ClassWeights.parse("inverse"));
        assertThrows(ConfigurationException.class, () -> ClassWeights.parse("a=x"));
        assertThrows(ConfigurationException.class, () -> ClassWeights.parse("a=1,a=2"));
        ConfigurationException unseen = assertThrows(
                ConfigurationException.class,
                () -> ClassWeights.parse("balanced").resolve(LABELS, new int[] {0, 1}));
        assertEquals(
                "Invalid classWeights = balanced: label 'c' has no rows in the train split, so it has no balancing"
                        + " weight. Fix: give explicit label=weight pairs, or data with rows of every label",
                unseen.getMessage());
    }

    @Test
    void multiLabelBalancedIsEachLabelsNegativesOverPositives() {
        // PyTorch's BCEWithLogitsLoss documentation: "if a dataset contains 100 positive and 300 negative examples of
        // a single class, then pos_weight for the class should be equal to 300/100 = 3".
        float[][] targets = {{1, 0, 1}, {0, 0, 1}, {0, 1, 1}, {0, 0, 0}};
        double[] weights = ClassWeights.parse("balanced").resolvePositive(LABELS, targets);
        assertArrayEquals(new double[] {3.0, 3.0, 1.0 / 3}, weights, 1e-12);
        assertEquals(
                "{a=3.0, b=3.0, c=0.3333333333333333}",
                ClassWeights.byLabel(LABELS, weights).toString());
        assertArrayEquals(
                new double[] {1.0, 4.0, 1.0}, ClassWeights.parse("b=4").resolvePositive(LABELS, targets), 1e-12);
        assertNull(ClassWeights.parse("none").resolvePositive(LABELS, targets));
    }

    @Test
    void multiLabelBalancedRefusesALabelOnEveryRowOrNone() {
        float[][] everywhere = {{1, 0, 1}, {1, 1, 0}};
        assertEquals(
                "Invalid classWeights = balanced: label 'a' is on every row of the train split, so"
                        + " negatives/positives gives it no usable weight. Fix: give explicit label=weight pairs, or"
                        + " data where every label is on some rows and off others",
                assertThrows(
                                ConfigurationException.class,
                                () -> ClassWeights.parse("balanced").resolvePositive(LABELS, everywhere))
                        .getMessage());
        float[][] nowhere = {{1, 0, 1}, {0, 0, 1}};
        assertTrue(assertThrows(
                        ConfigurationException.class,
                        () -> ClassWeights.parse("balanced").resolvePositive(LABELS, nowhere))
                .getMessage()
                .contains("label 'b' is on no row"));
        assertThrows(
                ConfigurationException.class,
                () -> ClassWeights.parse("z=2").resolvePositive(LABELS, nowhere),
                "a label the data does not have");
    }
}
