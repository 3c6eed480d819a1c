package dev.stellar.finetune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.stellar.finetune.config.ProblemType;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.model.ModelTask;
import dev.stellar.finetune.testing.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The losses of the three problem types against values worked by hand from their textbook forms (not from the
 * stable forms the code uses), in the engine and in the plain-Java twin that ONNX Runtime's scores go through.
 */
class ObjectiveTest {

    private static final int[][] IDS = {{101, 102}, {101, 102}};

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** -[y log s + (1 - y) log(1 - s)] with s = sigmoid(x): BCEWithLogitsLoss of one cell. */
    private static double bce(double x, double y) {
        return -(y * Math.log(sigmoid(x)) + (1 - y) * Math.log(1 - sigmoid(x)));
    }

    private static double[] perRow(ProblemType type, float[][] logits, EncodedSplit split) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray array = manager.create(
                    new float[] {
                        logits[0][0],
                        logits[0].length > 1 ? logits[0][1] : 0,
                        logits[1][0],
                        logits[1].length > 1 ? logits[1][1] : 0
                    },
                    new Shape(2, 2));
            if (logits[0].length == 1) {
                array = array.get(":, 0:1");
            }
            float[] values = Objective.of(ModelTask.of(type))
                    .perRow(manager, array, split, new int[] {0, 1})
                    .toFloatArray();
            return new double[] {values[0], values[1]};
        }
    }

    @Test
    void multiLabelLossIsTheMeanBinaryCrossEntropyOfTheLabels() {
        float[][] logits = {{2.0f, -1.0f}, {-3.5f, 0.25f}};
        float[][] targets = {{1, 0}, {1, 1}};
        EncodedSplit split = new EncodedSplit("t", IDS, IDS, null, targets);
        // Row 0: (bce(2, 1) + bce(-1, 0)) / 2 = (0.126928 + 0.313262) / 2 = 0.220095
        double[] expected = {
            (bce(2.0, 1) + bce(-1.0, 0)) / 2, (bce(-3.5, 1) + bce(0.25, 1)) / 2,
        };
        assertEquals(0.220095, expected[0], 1e-6);
        assertArrayEquals(expected, perRow(ProblemType.MULTI_LABEL, logits, split), 1e-6);
        Objective objective = Objective.of(ModelTask.of(ProblemType.MULTI_LABEL));
        assertEquals(expected[1], objective.loss(logits[1], split, 1), 1e-12);
        assertArrayEquals(
                new float[] {(float) sigmoid(-3.5), (float) sigmoid(0.25)}, objective.outputs(logits[1]), 1e-7f);
    }

    @Test
    void largeLogitsDoNotOverflowTheBinaryCrossEntropy() {
        float[][] logits = {{80f, -80f}, {-80f, 80f}};
        float[][] targets = {{1, 0}, {1, 0}};
        EncodedSplit split = new EncodedSplit("t", IDS, IDS, null, targets);
        // Row 0 is right with certainty: loss ~ e^-80; row 1 wrong by 80 on both labels: loss 80.
        assertArrayEquals(new double[] {0, 80}, perRow(ProblemType.MULTI_LABEL, logits, split), 1e-5);
    }

    @Test
    void regressionLossIsTheSquaredError() {
        float[][] logits = {{2.5f}, {-0.5f}};
        float[][] targets = {{1.0f}, {0.25f}};
        EncodedSplit split = new EncodedSplit("t", IDS, IDS, null, targets);
        assertArrayEquals(new double[] {2.25, 0.5625}, perRow(ProblemType.REGRESSION, logits, split), 1e-6);
        Objective objective = Objective.of(ModelTask.of(ProblemType.REGRESSION));
        assertEquals(0.5625, objective.loss(logits[1], split, 1), 1e-12);
        assertArrayEquals(new float[] {-0.5f}, objective.outputs(logits[1]));
    }

    @Test
    void singleLabelLossIsTheCrossEntropyOfTheLabel() {
        float[][] logits = {{2.0f, -1.0f}, {0.5f, 0.5f}};
        EncodedSplit split = new EncodedSplit("t", IDS, IDS, new int[] {1, 0});
        // -log(e^-1 / (e^2 + e^-1)) = 3.048587; two equal logits: ln 2.
        assertArrayEquals(new double[] {3.048587, Math.log(2)}, perRow(ProblemType.SINGLE_LABEL, logits, split), 1e-6);
        assertEquals(3.048587, Objective.of(ModelTask.SINGLE_LABEL).loss(logits[0], split, 0), 1e-6);
    }

    @Test
    void positiveWeightsMultiplyTheLossOfPositiveCellsOnly() {
        float[][] logits = {{2.0f, -1.0f}, {-3.5f, 0.25f}};
        float[][] targets = {{1, 0}, {1, 1}};
        EncodedSplit split = new EncodedSplit("t", IDS, IDS, null, targets);
        double[] positive = {3.0, 0.5};
        // -[p y log s + (1 - y) log(1 - s)]: row 0's second cell is negative, so its weight does not apply.
        double[] expected = {
            (3.0 * bce(2.0, 1) + bce(-1.0, 0)) / 2, (3.0 * bce(-3.5, 1) + 0.5 * bce(0.25, 1)) / 2,
        };
        Objective weighted = Objective.weighted(ModelTask.of(ProblemType.MULTI_LABEL), positive);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray array = manager.create(new float[] {2.0f, -1.0f, -3.5f, 0.25f}, new Shape(2, 2));
            float[] values =
                    weighted.perRow(manager, array, split, new int[] {0, 1}).toFloatArray();
            assertArrayEquals(expected, new double[] {values[0], values[1]}, 1e-5);
        }
        assertEquals(expected[0], weighted.loss(logits[0], split, 0), 1e-12);
        assertEquals(expected[1], weighted.loss(logits[1], split, 1), 1e-12);
        Objective ones = Objective.weighted(ModelTask.of(ProblemType.MULTI_LABEL), new double[] {1, 1});
        assertArrayEquals(
                perRow(ProblemType.MULTI_LABEL, logits, split),
                new double[] {ones.loss(logits[0], split, 0), ones.loss(logits[1], split, 1)},
                1e-6);
        assertThrows(
                IllegalArgumentException.class, () -> Objective.weighted(ModelTask.SINGLE_LABEL, new double[] {1, 2}));
    }

    @Test
    void weightedLargeLogitsDoNotOverflow() {
        EncodedSplit split = new EncodedSplit("t", IDS, IDS, null, new float[][] {{1, 0}, {1, 0}});
        Objective weighted = Objective.weighted(ModelTask.of(ProblemType.MULTI_LABEL), new double[] {4, 2});
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray array = manager.create(new float[] {80f, -80f, -80f, 80f}, new Shape(2, 2));
            float[] values =
                    weighted.perRow(manager, array, split, new int[] {0, 1}).toFloatArray();
            // Row 1: the positive cell is wrong by 80 with weight 4, the negative cell by 80 unweighted.
            assertArrayEquals(new float[] {0, (4 * 80 + 80) / 2f}, values, 1e-4f);
        }
    }
}
