package dev.stellar.finetune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.engine.NoGrad;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelSources;
import dev.stellar.finetune.model.arch.CastWeightCache;
import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.testing.RandomBert;
import dev.stellar.finetune.testing.SyntheticSplits;
import dev.stellar.finetune.testing.TestModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scoring with low-precision products casts each layer's weights once per scoring run: the scores are those of
 * casting per batch, bit for bit, and a weight changed between two runs is scored with its new value.
 */
class LowPrecisionScoringTest {

    private static final int LAYERS = 3;
    private static final int BATCH = 8;

    @TempDir
    static Path temp;

    private static Path model;
    private static EncodedSplit split;

    @BeforeAll
    static void setUp() throws Exception {
        TestModels.startEngine();
        model = RandomBert.write(temp.resolve("bert"), LAYERS, 32, 64, 30522, true);
        split = SyntheticSplits.separable("validation", 40, 3);
    }

    private static ClassifierModel classifier(KernelKind kind) {
        ModelDirectory dir = ModelSources.standard(model).resolve(".", new RecordingLog());
        return ClassifierModel.fromPretrained(
                dir, new HeadSettings(List.of(16), 0.1, Pooling.CLS), List.of("0", "1"), 42, kind, new RecordingLog());
    }

    /** The probabilities of the scorer's own batches, each forward pass casting its weights afresh. */
    private static float[][] castPerBatch(ClassifierModel classifier) {
        float[][] probabilities = new float[split.size()][];
        try (NoGrad ignored = NoGrad.enter()) {
            for (int[] batch : Batches.byLength(Batches.lengths(split), BATCH)) {
                try (NDManager step = classifier.manager().newSubManager()) {
                    NDList inputs = Batches.inputs(
                            step, split, batch, classifier.config().padTokenId());
                    float[] values = classifier
                            .network()
                            .forward(classifier.parameterStore(), inputs, false)
                            .singletonOrThrow()
                            .softmax(1)
                            .toFloatArray();
                    for (int i = 0; i < batch.length; i++) {
                        probabilities[batch[i]] = new float[] {values[2 * i], values[2 * i + 1]};
                    }
                }
            }
        }
        return probabilities;
    }

    private static void assertSameScores(float[][] expected, float[][] actual) {
        for (int r = 0; r < expected.length; r++) {
            assertArrayEquals(expected[r], actual[r], "row " + r);
        }
    }

    private static double largestDifference(float[][] a, float[][] b) {
        double largest = 0;
        for (int r = 0; r < a.length; r++) {
            largest = Math.max(largest, Math.abs(a[r][0] - b[r][0]));
        }
        return largest;
    }

    @Test
    void aRunCastsEachLayerOnceAndScoresAsCastingPerBatchDoes() {
        for (KernelKind kind : List.of(KernelKind.BF16, KernelKind.FP16)) {
            try (ClassifierModel classifier = classifier(kind)) {
                float[][] perBatch = castPerBatch(classifier);
                try (CastWeightCache run = CastWeightCache.open()) {
                    float[][] cached = new Scorer(classifier, BATCH)
                            .score(split, null, "test")
                            .probabilities();
                    assertEquals(LAYERS, CastWeightCache.held(), kind + ": one cast per layer over five batches");
                    assertSameScores(perBatch, cached);
                }
                assertEquals(0, CastWeightCache.held(), "closing the run frees the casts");
            }
        }
    }

    /**
     * Outside a scoring run (a frozen prefix recomputed in every training step, without the cache) the casts are
     * the batch's: the model's own memory holds as many arrays after the passes as before.
     */
    @Test
    void castsMadeOutsideARunBelongToTheBatch() {
        try (ClassifierModel classifier = classifier(KernelKind.BF16)) {
            castPerBatch(classifier);
            int before = ((ai.djl.ndarray.BaseNDManager) classifier.manager())
                    .getManagedArrays()
                    .size();
            castPerBatch(classifier);
            castPerBatch(classifier);
            assertEquals(
                    before,
                    ((ai.djl.ndarray.BaseNDManager) classifier.manager())
                            .getManagedArrays()
                            .size());
        }
    }

    @Test
    void aWeightChangedBetweenRunsIsScoredWithItsNewValue() {
        try (ClassifierModel trained = classifier(KernelKind.BF16);
                ClassifierModel fresh = classifier(KernelKind.BF16)) {
            Scorer scorer = new Scorer(trained, BATCH);
            float[][] before = scorer.score(split, null, "test").probabilities();
            doubleTheIntermediateWeights(trained);
            float[][] after = scorer.score(split, null, "test").probabilities();
            doubleTheIntermediateWeights(fresh);
            assertSameScores(castPerBatch(fresh), after);
            assertTrue(largestDifference(before, after) > 1e-3, "the change moved the scores");
        }
    }

    /** Measured 8e-6 in bf16 and 2e-6 in fp16 (the random head's probabilities sit near 0.5; the goldens check logits). */
    @Test
    void lowPrecisionScoresFollowTheFp32Ones() {
        try (ClassifierModel fp32 = classifier(KernelKind.FP32);
                ClassifierModel bf16 = classifier(KernelKind.BF16);
                ClassifierModel fp16 = classifier(KernelKind.FP16)) {
            float[][] reference =
                    new Scorer(fp32, BATCH).score(split, null, "test").probabilities();
            double bf16Difference = largestDifference(
                    reference,
                    new Scorer(bf16, BATCH).score(split, null, "test").probabilities());
            double fp16Difference = largestDifference(
                    reference,
                    new Scorer(fp16, BATCH).score(split, null, "test").probabilities());
            assertTrue(bf16Difference < 2e-4, "bf16 probabilities differ by " + bf16Difference);
            assertTrue(fp16Difference < 5e-5, "fp16 probabilities differ by " + fp16Difference);
        }
    }

    private static void doubleTheIntermediateWeights(ClassifierModel classifier) {
        for (var entry : classifier.network().getParameters()) {
            Parameter p = entry.getValue();
            if (entry.getKey().contains("intermediate") && entry.getKey().endsWith("weight")) {
                p.getArray().muli(2);
            }
        }
    }
}
