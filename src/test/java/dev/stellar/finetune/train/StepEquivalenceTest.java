package dev.stellar.finetune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.FreezePlan;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelSources;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ways of taking an optimizer step that must not change it: gradient accumulation over micro-batches takes the same
 * steps as one pass over the batch; a scaled loss (fp16's) takes the same steps as the plain one, the scale being a
 * power of two divided out before clipping and AdamW; and a step whose scaled gradients overflow changes no weight
 * and leaves no gradient.
 */
class StepEquivalenceTest {

    @TempDir
    static Path temp;

    private static Path model;

    @BeforeAll
    static void setUp() throws Exception {
        TestModels.startEngine();
        // Dropout draws different masks for different pass shapes, so it is off to compare exactly.
        model = RandomBert.withoutDropout(RandomBert.write(temp.resolve("bert"), 3, 32, 64, 30522, true));
    }

    private static ClassifierModel classifier() {
        ModelDirectory dir = ModelSources.standard(model).resolve(".", new RecordingLog());
        ClassifierModel classifier = ClassifierModel.fromPretrained(
                dir, new HeadSettings(List.of(16), 0.0, Pooling.POOLER), List.of("0", "1"), 42, new RecordingLog());
        new FreezePlan(1, 3).apply(classifier);
        return classifier;
    }

    /** Loss, predictions and weights after three steps of batch 10. */
    private static Object[] train(int microBatchRows) {
        EncodedSplit split = SyntheticSplits.separable("train", 30, 4);
        try (ClassifierModel classifier = classifier();
                NDManager state = classifier.manager().newSubManager()) {
            Map<String, Parameter> trainable = classifier.trainableParameters();
            OptimizerStep step = new OptimizerStep(
                    classifier,
                    trainable,
                    new AdamW(trainable, 0.01, state),
                    1.0,
                    microBatchRows,
                    null,
                    LossScaler.none(),
                    null);
            double[] losses = new double[3];
            int[] predictions = new int[30];
            for (int s = 0; s < 3; s++) {
                int[] rows =
                        java.util.stream.IntStream.range(s * 10, s * 10 + 10).toArray();
                BatchOutcome outcome = step.run(split, rows, 1e-3);
                losses[s] = outcome.loss();
                System.arraycopy(outcome.predictions(), 0, predictions, s * 10, 10);
            }
            return new Object[] {losses, predictions, flatten(trainable)};
        }
    }

    static float[] flatten(Map<String, Parameter> trainable) {
        return trainable.values().stream()
                .map(p -> p.getArray().toFloatArray())
                .reduce(new float[0], StepEquivalenceTest::concat);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @ParameterizedTest(name = "micro-batches of {0}")
    @ValueSource(ints = {1, 3, 4})
    void microBatchedStepsEqualFullBatchSteps(int microBatchRows) {
        Object[] full = train(0);
        Object[] micro = train(microBatchRows);
        assertArrayEquals((double[]) full[0], (double[]) micro[0], 1e-5, "losses");
        assertArrayEquals((int[]) full[1], (int[]) micro[1], "predictions");
        float[] a = (float[]) full[2];
        float[] b = (float[]) micro[2];
        assertEquals(a.length, b.length);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        assertTrue(worst < 1e-5, "weights differ by " + worst);
    }

    /**
     * Losses, weights, gradient norms and first moments after three steps of batch 10, maxGradNorm 1 (clipping
     * active). Adam's update hardly depends on the gradients' scale, so the norms and moments are what show an
     * unscaling left out.
     */
    private static Object[] train(LossScaler scaler) {
        EncodedSplit split = SyntheticSplits.separable("train", 30, 4);
        try (ClassifierModel classifier = classifier();
                NDManager state = classifier.manager().newSubManager()) {
            Map<String, Parameter> trainable = classifier.trainableParameters();
            AdamW optimizer = new AdamW(trainable, 0.01, state);
            OptimizerStep step = new OptimizerStep(classifier, trainable, optimizer, 1.0, 0, null, scaler, null);
            double[] losses = new double[3];
            double[] norms = new double[3];
            for (int s = 0; s < 3; s++) {
                BatchOutcome outcome =
                        step.run(split, IntStream.range(s * 10, s * 10 + 10).toArray(), 1e-3);
                assertFalse(outcome.skipped());
                losses[s] = outcome.loss();
                norms[s] = outcome.gradientNorm();
            }
            float[] means = optimizer.means().values().stream()
                    .map(m -> m.toFloatArray())
                    .reduce(new float[0], StepEquivalenceTest::concat);
            return new Object[] {losses, flatten(trainable), norms, means};
        }
    }

    @Test
    void aScaledLossTakesTheSameSteps() {
        Object[] plain = train(LossScaler.none());
        Object[] scaled = train(LossScaler.startingAt(65536));
        assertArrayEquals((double[]) plain[0], (double[]) scaled[0], 1e-6, "losses");
        float[] a = (float[]) plain[1];
        float[] b = (float[]) scaled[1];
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        assertTrue(worst < 1e-6, "weights differ by " + worst);
        double[] plainNorms = (double[]) plain[2];
        double[] scaledNorms = (double[]) scaled[2];
        for (int s = 0; s < 3; s++) {
            assertEquals(plainNorms[s], scaledNorms[s], 1e-6 * plainNorms[s], "gradient norm, step " + (s + 1));
        }
        assertArrayEquals((float[]) plain[3], (float[]) scaled[3], 1e-9f, "Adam's first moments");
    }

    @Test
    void anOverflowingStepChangesNothingAndHalvesTheScale() {
        EncodedSplit split = SyntheticSplits.separable("train", 10, 4);
        try (ClassifierModel classifier = classifier();
                NDManager state = classifier.manager().newSubManager()) {
            Map<String, Parameter> trainable = classifier.trainableParameters();
            LossScaler scaler = LossScaler.startingAt(Float.MAX_VALUE / 4);
            OptimizerStep step = new OptimizerStep(
                    classifier, trainable, new AdamW(trainable, 0.01, state), 1.0, 0, null, scaler, null);
            float[] before = flatten(trainable);
            BatchOutcome outcome = step.run(split, IntStream.range(0, 10).toArray(), 1e-3);
            assertTrue(outcome.skipped(), "gradients at this scale overflow; norm " + outcome.gradientNorm());
            assertTrue(Double.isFinite(outcome.loss()), "the reported loss is unscaled");
            assertArrayEquals(before, flatten(trainable), "a skipped step changes no weight");
            assertEquals(Float.MAX_VALUE / 8, scaler.scale(), 1e30);
            assertEquals(1, scaler.skippedSteps());
            for (Parameter p : trainable.values()) {
                float[] gradient = p.getArray().getGradient().toFloatArray();
                for (float g : gradient) {
                    assertEquals(0f, g, 0f, p.getName() + ": gradients are cleared for the next step");
                }
            }
        }
    }
}
