package dev.stellar.finetune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.config.ProblemType;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.engine.NoGrad;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.FreezePlan;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelSources;
import dev.stellar.finetune.model.ModelTask;
import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.testing.RandomBert;
import dev.stellar.finetune.testing.SyntheticSplits;
import dev.stellar.finetune.testing.TestModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * classWeights in the loss: a batch's loss is PyTorch's weighted mean, sum of w[label] x row loss over sum of
 * w[label], with the row losses computed apart from the step; micro-batches take the same weighted step; equal
 * weights are no weights at all, and unequal ones change the step.
 */
class ClassWeightedLossTest {

    private static final int[] ROWS = IntStream.range(0, 10).toArray();

    @TempDir
    static Path temp;

    private static Path model;
    private static EncodedSplit split;

    @BeforeAll
    static void setUp() throws Exception {
        TestModels.startEngine();
        // No dropout anywhere, so a forward pass outside the step computes what the step's does.
        model = RandomBert.withoutDropout(RandomBert.write(temp.resolve("bert"), 2, 32, 64, 30522, true));
        split = SyntheticSplits.separable("train", 10, 4);
    }

    private static ClassifierModel classifier() {
        ModelDirectory dir = ModelSources.standard(model).resolve(".", new RecordingLog());
        ClassifierModel classifier = ClassifierModel.fromPretrained(
                dir, new HeadSettings(List.of(16), 0.0, Pooling.CLS), List.of("0", "1"), 42, new RecordingLog());
        new FreezePlan(-1, 2).apply(classifier);
        return classifier;
    }

    private static OptimizerStep step(ClassifierModel classifier, NDManager state, int microBatch, double[] weights) {
        Map<String, Parameter> trainable = classifier.trainableParameters();
        return new OptimizerStep(
                classifier,
                trainable,
                new AdamW(trainable, 0.01, state),
                1.0,
                microBatch,
                null,
                LossScaler.none(),
                weights);
    }

    @Test
    void theBatchLossIsTheWeightedMeanOfTheRowLosses() {
        double[] weights = {0.5, 3.0};
        try (ClassifierModel classifier = classifier();
                NDManager state = classifier.manager().newSubManager()) {
            float[] rowLosses;
            try (NoGrad ignored = NoGrad.enter();
                    NDManager pass = classifier.manager().newSubManager()) {
                NDList inputs =
                        Batches.inputs(pass, split, ROWS, classifier.config().padTokenId());
                NDArray logits = classifier
                        .network()
                        .forward(classifier.parameterStore(), inputs, false)
                        .singletonOrThrow();
                rowLosses = CrossEntropy.perRow(logits, Batches.labelArray(pass, Batches.labels(split, ROWS)))
                        .toFloatArray();
            }
            double weighted = 0;
            double total = 0;
            for (int r : ROWS) {
                double w = weights[split.labels()[r]];
                weighted += w * rowLosses[r];
                total += w;
            }
            double plain = IntStream.range(0, ROWS.length)
                    .mapToDouble(r -> rowLosses[r])
                    .average()
                    .orElseThrow();
            BatchOutcome outcome = step(classifier, state, 0, weights).run(split, ROWS, 1e-3);
            assertEquals(weighted / total, outcome.loss(), 1e-5);
            assertTrue(Math.abs(plain - weighted / total) > 1e-3, "the weights move the loss from the plain mean");
        }
    }

    /** The trainable weights after two steps. */
    private static float[] trained(int microBatch, double[] weights) {
        try (ClassifierModel classifier = classifier();
                NDManager state = classifier.manager().newSubManager()) {
            OptimizerStep step = step(classifier, state, microBatch, weights);
            step.run(split, ROWS, 1e-3);
            step.run(split, ROWS, 1e-3);
            return StepEquivalenceTest.flatten(classifier.trainableParameters());
        }
    }

    private static double largestDifference(float[] a, float[] b) {
        double largest = 0;
        for (int i = 0; i < a.length; i++) {
            largest = Math.max(largest, Math.abs(a[i] - b[i]));
        }
        return largest;
    }

    @Test
    void microBatchesTakeTheSameWeightedStepAndOnlyUnequalWeightsChangeIt() {
        double[] weights = {1.0, 4.0};
        float[] whole = trained(0, weights);
        assertTrue(largestDifference(whole, trained(3, weights)) < 1e-5, "micro-batches of 3");
        float[] none = trained(0, null);
        assertTrue(largestDifference(none, trained(0, new double[] {2.0, 2.0})) < 1e-6, "equal weights");
        assertNotEquals(0.0, largestDifference(none, whole), "unequal weights change the step");
        assertTrue(largestDifference(none, whole) > 1e-5);
    }

    /** Every row of the separable split with three tags: the first follows its class, the others are arbitrary. */
    private static EncodedSplit tagged() {
        float[][] targets = new float[split.size()][];
        for (int r = 0; r < targets.length; r++) {
            targets[r] = new float[] {split.labels()[r], r % 3 == 0 ? 1 : 0, r < 7 ? 1 : 0};
        }
        return new EncodedSplit("train", split.inputIds(), split.tokenTypeIds(), null, targets);
    }

    private static ClassifierModel multiLabelClassifier() {
        ModelDirectory dir = ModelSources.standard(model).resolve(".", new RecordingLog());
        ClassifierModel classifier = ClassifierModel.fromPretrained(
                dir,
                new HeadSettings(List.of(16), 0.0, Pooling.CLS),
                List.of("a", "b", "c"),
                ModelTask.of(ProblemType.MULTI_LABEL),
                42,
                KernelKind.FP32,
                new RecordingLog());
        new FreezePlan(-1, 2).apply(classifier);
        return classifier;
    }

    @Test
    void multiLabelWeightsArePosWeightOnEachLabelsPositiveCells() {
        EncodedSplit tags = tagged();
        double[] positive = {0.5, 2.0, 4.0};
        try (ClassifierModel classifier = multiLabelClassifier();
                NDManager state = classifier.manager().newSubManager()) {
            float[] logits;
            try (NoGrad ignored = NoGrad.enter();
                    NDManager pass = classifier.manager().newSubManager()) {
                NDList inputs =
                        Batches.inputs(pass, tags, ROWS, classifier.config().padTokenId());
                logits = classifier
                        .network()
                        .forward(classifier.parameterStore(), inputs, false)
                        .singletonOrThrow()
                        .toFloatArray();
            }
            // The textbook form: -[p y log s + (1 - y) log(1 - s)], over the labels, then over the rows.
            double weighted = 0;
            double plain = 0;
            for (int r : ROWS) {
                for (int k = 0; k < 3; k++) {
                    double s = 1 / (1 + Math.exp(-logits[r * 3 + k]));
                    double y = tags.targets()[r][k];
                    weighted -= positive[k] * y * Math.log(s) + (1 - y) * Math.log(1 - s);
                    plain -= y * Math.log(s) + (1 - y) * Math.log(1 - s);
                }
            }
            weighted /= 3.0 * ROWS.length;
            plain /= 3.0 * ROWS.length;
            OptimizerStep step = step(classifier, state, 0, positive);
            assertEquals(weighted, step.run(tags, ROWS, 1e-3).loss(), 1e-5);
            assertTrue(Math.abs(plain - weighted) > 1e-3, "the weights move the loss from the plain mean");
        }
    }
}
