package dev.stellar.finetune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.config.Precision;
import dev.stellar.finetune.config.SelectBestBy;
import dev.stellar.finetune.config.SpeedSettings;
import dev.stellar.finetune.config.TrainingSettings;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.FreezePlan;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelInputs;
import dev.stellar.finetune.model.ModelSources;
import dev.stellar.finetune.testing.RandomBert;
import dev.stellar.finetune.testing.SyntheticSplits;
import dev.stellar.finetune.testing.TestModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on cached frozen activations follows the same loss curve as recomputing them (dropout on above). */
class FrozenActivationsTest {

    @TempDir
    static Path temp;

    private static Path model;

    @BeforeAll
    static void setUp() throws Exception {
        TestModels.startEngine();
        model = RandomBert.write(temp.resolve("bert"), 4, 32, 64, 30522, true);
    }

    private static ClassifierModel classifier(int freeze) {
        ModelDirectory dir = ModelSources.standard(model).resolve(".", new RecordingLog());
        ClassifierModel classifier = ClassifierModel.fromPretrained(
                dir, new HeadSettings(List.of(16), 0.1, Pooling.POOLER), List.of("0", "1"), 42, new RecordingLog());
        new FreezePlan(freeze, 4).apply(classifier);
        return classifier;
    }

    private static List<EpochRecord> train(int freeze, Boolean cache, RecordingLog log) {
        TrainingSettings settings = new TrainingSettings(
                freeze,
                3,
                8,
                1e-3,
                0.01,
                0.1,
                1.0,
                SelectBestBy.VALIDATION_LOSS,
                0,
                new SpeedSettings(Precision.FP32, true, 0, cache, false, 0));
        try (ClassifierModel classifier = classifier(freeze)) {
            return new TrainingLoop(classifier, settings, 42, log)
                    .run(SyntheticSplits.separable("train", 40, 1), SyntheticSplits.separable("validation", 16, 2))
                    .epochs();
        }
    }

    @Test
    void cachedAndRecomputedFrozenLayersGiveTheSameLossCurve() {
        for (int freeze : new int[] {-1, 2, 4}) {
            RecordingLog cachedLog = new RecordingLog();
            List<EpochRecord> cached = train(freeze, true, cachedLog);
            List<EpochRecord> recomputed = train(freeze, false, new RecordingLog());
            assertTrue(cachedLog.all().contains("Cached the frozen embeddings"), cachedLog.all());
            assertEquals(recomputed.size(), cached.size());
            for (int e = 0; e < cached.size(); e++) {
                assertEquals(
                        recomputed.get(e).trainLoss(),
                        cached.get(e).trainLoss(),
                        1e-4,
                        "freeze " + freeze + " epoch " + (e + 1) + " train loss");
                assertEquals(
                        recomputed.get(e).validationLoss(),
                        cached.get(e).validationLoss(),
                        1e-4,
                        "freeze " + freeze + " epoch " + (e + 1) + " validation loss");
            }
            assertTrue(cached.get(0).trainLoss() != cached.get(2).trainLoss(), "training moved");
        }
    }

    /** The GPU's store (one tensor, one gather per batch) runs on the CPU too: it must give the heap's batches. */
    @Test
    void theDeviceStoreAssemblesTheSameBatchesAsTheHeapStore() {
        EncodedSplit rows = SyntheticSplits.separable("rows", 24, 5);
        try (ClassifierModel classifier = classifier(2);
                NDManager step = classifier.manager().newSubManager()) {
            FrozenActivations heap = FrozenActivations.compute(classifier, rows, 8, new RecordingLog(), false);
            FrozenActivations device = FrozenActivations.compute(classifier, rows, 8, new RecordingLog(), true);
            for (int[] batch : new int[][] {{0, 1, 2}, {23, 5, 17, 9}, {11}}) {
                NDArray expected = heap.batch(step, batch);
                NDArray actual = device.batch(step, batch);
                assertEquals(expected.getShape(), actual.getShape());
                assertEquals(0f, expected.sub(actual).abs().max().getFloat(), 0f);
            }
            // the rows differ in length, so some batches carry padding, which must be zeros
            int[] lengths = Batches.lengths(rows);
            assertTrue(java.util.Arrays.stream(lengths).distinct().count() > 1, "rows of several lengths");
        }
    }

    @Test
    void autoCachesOnlyWhenSomethingIsFrozen() {
        RecordingLog frozen = new RecordingLog();
        train(2, null, frozen);
        assertTrue(frozen.all().contains("Cached the frozen embeddings and 2 layer(s) for 40 rows"), frozen.all());
        RecordingLog nothingFrozen = new RecordingLog();
        train(0, null, nothingFrozen);
        assertFalse(nothingFrozen.all().contains("Cached the frozen"), nothingFrozen.all());
    }

    @Test
    void theFrozenPrefixRecordsNoAutogradStateAndTheTrainedLayersDo() {
        EncodedSplit rows = SyntheticSplits.separable("rows", 4, 3);
        try (ClassifierModel classifier = classifier(2);
                NDManager step = classifier.manager().newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            var inputs = ModelInputs.of(step, rows.inputIds(), rows.tokenTypeIds());
            NDArray prefix = classifier.network().frozenPrefix(classifier.parameterStore(), inputs, true);
            // libtorch refuses to backpropagate from a tensor that recorded no graph.
            assertThrows(
                    EngineException.class,
                    () -> collector.backward(prefix.sum()),
                    "the frozen prefix's output carries autograd state");
            NDArray logits = classifier.network().fromPrefix(classifier.parameterStore(), prefix, inputs, true);
            collector.backward(logits.sum());
            NDArray gradient = classifier
                    .network()
                    .encoder()
                    .layers()
                    .get(2)
                    .namedParameters()
                    .values()
                    .iterator()
                    .next()
                    .getArray()
                    .getGradient();
            gradient.attach(step);
            assertTrue(gradient.abs().sum().getFloat() > 0, "the trained layers record for backward");
        }
    }
}
