package dev.stellar.finetune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.config.Precision;
import dev.stellar.finetune.config.SelectBestBy;
import dev.stellar.finetune.config.SpeedSettings;
import dev.stellar.finetune.config.TrainingSettings;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.io.SafetensorsFile;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.FreezePlan;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelSources;
import dev.stellar.finetune.testing.RandomBert;
import dev.stellar.finetune.testing.SyntheticSplits;
import dev.stellar.finetune.testing.TestModels;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainingLoopTest {

    @TempDir
    static Path temp;

    private static Path fourLayers;

    @BeforeAll
    static void setUp() throws Exception {
        TestModels.startEngine();
        fourLayers = RandomBert.write(temp.resolve("bert-4"), 4, 32, 64, 30522, true);
    }

    private static TrainingSettings settings(int freeze, int epochs, double learningRate) {
        return new TrainingSettings(freeze, epochs, 8, learningRate, 0.01, 0.0, 1.0, SelectBestBy.VALIDATION_LOSS, 0);
    }

    private static ClassifierModel model(Path directory, int freeze) {
        ModelDirectory dir = ModelSources.standard(directory).resolve(".", new RecordingLog());
        ClassifierModel model = ClassifierModel.fromPretrained(
                dir, new HeadSettings(List.of(16), 0.1, Pooling.POOLER), List.of("0", "1"), 42, new RecordingLog());
        new FreezePlan(freeze, dir.config().numLayers()).apply(model);
        return model;
    }

    @ParameterizedTest(name = "freezeLayerCount {0}")
    @ValueSource(ints = {-1, 0, 3})
    void frozenParametersStayBitIdenticalAndTheOthersMove(int freeze) {
        try (ClassifierModel model = model(fourLayers, freeze)) {
            Map<String, float[]> before = values(model);
            new TrainingLoop(model, settings(freeze, 1, 1e-3), 42, new RecordingLog())
                    .run(SyntheticSplits.separable("train", 16, 1), SyntheticSplits.separable("validation", 8, 2));
            FreezePlan plan = new FreezePlan(freeze, 4);
            for (Map.Entry<String, Parameter> entry :
                    model.network().namedParameters().entrySet()) {
                String name = entry.getKey();
                float[] after = entry.getValue().getArray().toFloatArray();
                if (expectFrozen(name, plan)) {
                    assertArrayEquals(before.get(name), after, name + " is frozen but changed");
                } else {
                    assertFalse(Arrays.equals(before.get(name), after), name + " trains but did not change");
                }
            }
        }
    }

    private static boolean expectFrozen(String name, FreezePlan plan) {
        if (name.startsWith("bert.embeddings.")) {
            return plan.embeddingsFrozen();
        }
        for (int layer = 0; layer < 4; layer++) {
            if (name.startsWith("bert.encoder.layer." + layer + ".")) {
                return plan.layerFrozen(layer);
            }
        }
        return false;
    }

    /** fp16 products (with the loss scaled) learn what fp32 does: the path for GPUs without bf16. */
    @Test
    void learnsWithFp16ProductsAndAScaledLoss() {
        RecordingLog log = new RecordingLog();
        ModelDirectory dir = ModelSources.standard(TestModels.tinyBert()).resolve(".", new RecordingLog());
        try (ClassifierModel model = ClassifierModel.fromPretrained(
                dir,
                new HeadSettings(List.of(16), 0.1, Pooling.POOLER),
                List.of("0", "1"),
                42,
                dev.stellar.finetune.model.arch.KernelKind.FP16,
                new RecordingLog())) {
            new FreezePlan(0, dir.config().numLayers()).apply(model);
            TrainingSettings fp16 = new TrainingSettings(
                    0,
                    4,
                    8,
                    1e-3,
                    0.01,
                    0.0,
                    1.0,
                    SelectBestBy.VALIDATION_LOSS,
                    0,
                    SpeedSettings.defaults().withPrecision(Precision.FP16));
            TrainingResult result = new TrainingLoop(model, fp16, 42, log)
                    .run(SyntheticSplits.separable("train", 160, 1), SyntheticSplits.separable("validation", 60, 2));
            assertTrue(
                    result.best().validationAccuracy() >= 0.95,
                    "validation accuracy " + result.best().validationAccuracy());
            assertTrue(
                    result.epochs().get(3).trainLoss() < result.epochs().get(0).trainLoss(), "the loss falls");
        }
    }

    @Test
    void learnsASeparableTaskToHighValidationAccuracy() {
        RecordingLog log = new RecordingLog();
        try (ClassifierModel model = model(TestModels.tinyBert(), 0)) {
            TrainingResult result = new TrainingLoop(model, settings(0, 4, 1e-3), 42, log)
                    .run(SyntheticSplits.separable("train", 160, 1), SyntheticSplits.separable("validation", 60, 2));
            assertTrue(
                    result.best().validationAccuracy() >= 0.95,
                    "validation accuracy " + result.best().validationAccuracy());
            assertEquals(4, result.epochs().size());
            assertEquals(80, result.steps());
            assertTrue(log.infos.stream().anyMatch(l -> l.startsWith("Epoch 4/4: train loss")), log.all());
        }
    }

    @Test
    void trainingLeavesNoArraysBehindInTheModelsMemory() {
        try (ClassifierModel model = model(TestModels.tinyBert(), 0)) {
            int before = model.manager().getManagedArrays().size();
            new TrainingLoop(model, settings(0, 2, 1e-3), 42, new RecordingLog())
                    .run(SyntheticSplits.separable("train", 48, 1), SyntheticSplits.separable("validation", 16, 2));
            assertEquals(before, model.manager().getManagedArrays().size());
        }
    }

    /**
     * Validation labels opposite to the training labels: the better the model learns, the worse validation
     * gets, so epoch 1 is the best. With patience 1 the loop stops after epoch 2 and puts epoch 1's weights
     * back; the checkpoint written at the end of epoch 1 holds those weights independently of the snapshot.
     */
    @Test
    void earlyStoppingEndsTheRunAndKeepsTheBestEpochsWeights() {
        // enough rows that epoch 1 already learns (the losses of a model that has learnt nothing yet tie)
        EncodedSplit train = SyntheticSplits.separable("train", 160, 1);
        EncodedSplit same = SyntheticSplits.separable("validation", 16, 2);
        int[] opposite = Arrays.stream(same.labels()).map(label -> 1 - label).toArray();
        EncodedSplit validation = new EncodedSplit("validation", same.inputIds(), same.tokenTypeIds(), opposite);
        TrainingSettings patient = new TrainingSettings(0, 5, 8, 1e-3, 0.01, 0.0, 1.0, SelectBestBy.VALIDATION_LOSS, 1);
        RecordingLog log = new RecordingLog();
        ResumeStore checkpoints = new ResumeStore(temp.resolve("early-stopping-checkpoint"), "early stopping", log);
        try (ClassifierModel model = model(TestModels.tinyBert(), 0)) {
            TrainingResult result = new TrainingLoop(model, patient, 42, log).run(train, validation, checkpoints);

            assertTrue(result.stoppedEarly(), log.all());
            assertEquals(2, result.epochs().size(), log.all());
            assertEquals(1, result.bestEpoch());
            assertTrue(result.epochs().get(1).validationLoss()
                    > result.epochs().get(0).validationLoss());
            assertTrue(
                    log.infos.stream()
                            .anyMatch(l -> l.startsWith("Stopping early: validation loss has not improved"
                                    + " for 1 epoch(s) (earlyStoppingPatience 1)")),
                    log.all());
            assertTrue(log.infos.contains("Keeping the weights of epoch 1, the best by validation loss"), log.all());
            try (SafetensorsFile epochOne =
                    SafetensorsFile.open(checkpoints.directory().resolve("weights.safetensors"))) {
                model.trainableParameters()
                        .forEach((name, p) -> assertArrayEquals(
                                epochOne.floats(name), p.getArray().toFloatArray(), name + " is not epoch 1's"));
            }
        }
    }

    /**
     * Every metric can pick the kept epoch, in its own direction: the best epoch is the one whose recorded figure
     * is the highest (ROC AUC, MCC) or the lowest (log loss, calibration error), the first one on a tie.
     */
    @Test
    void anyMetricPicksTheKeptEpochInItsDirection() {
        EncodedSplit train = SyntheticSplits.separable("train", 64, 1);
        EncodedSplit validation = SyntheticSplits.separable("validation", 16, 2);
        for (SelectBestBy criterion :
                List.of(SelectBestBy.ROC_AUC, SelectBestBy.MCC, SelectBestBy.LOG_LOSS, SelectBestBy.ECE)) {
            TrainingSettings settings = new TrainingSettings(0, 3, 8, 1e-3, 0.01, 0.0, 1.0, criterion, 0);
            try (ClassifierModel model = model(TestModels.tinyBert(), 0)) {
                TrainingResult result =
                        new TrainingLoop(model, settings, 42, new RecordingLog()).run(train, validation);
                double[] figures = result.epochs().stream()
                        .mapToDouble(e -> e.value(criterion))
                        .toArray();
                int expected = 0;
                for (int i = 1; i < figures.length; i++) {
                    boolean better = criterion.metric().higherIsBetter()
                            ? figures[i] > figures[expected]
                            : figures[i] < figures[expected];
                    expected = better ? i : expected;
                }
                assertTrue(
                        Arrays.stream(figures).allMatch(Double::isFinite), criterion + " " + Arrays.toString(figures));
                assertEquals(expected + 1, result.bestEpoch(), criterion + " " + Arrays.toString(figures));
                assertEquals(criterion.id(), result.selectBestBy());
            }
        }
    }

    @Test
    void anUndefinedFigureWarnsAndGivesWayToAnEpochThatHasIt() {
        EncodedSplit train = SyntheticSplits.separable("train", 32, 1);
        EncodedSplit both = SyntheticSplits.separable("validation", 16, 2);
        // Every validation row labelled 1: ROC AUC needs both labels, so no epoch has it.
        EncodedSplit oneLabel = new EncodedSplit(
                "validation",
                both.inputIds(),
                both.tokenTypeIds(),
                Arrays.stream(both.labels()).map(l -> 1).toArray());
        TrainingSettings settings = new TrainingSettings(0, 2, 8, 1e-3, 0.01, 0.0, 1.0, SelectBestBy.ROC_AUC, 0);
        RecordingLog log = new RecordingLog();
        try (ClassifierModel model = model(TestModels.tinyBert(), 0)) {
            TrainingResult result = new TrainingLoop(model, settings, 42, log).run(train, oneLabel);
            assertEquals(1, result.bestEpoch(), "with no epoch defined, the first is kept");
            assertTrue(
                    log.warnings.stream()
                            .anyMatch(w -> w.startsWith("selectBestBy roc-auc: the validation ROC AUC of epoch 1 is"
                                    + " undefined (a label has no rows in the validation split)")),
                    log.all());
        }
    }

    @Test
    void aDivergingLossStopsWithTheStepNamed() {
        EncodedSplit train = SyntheticSplits.separable("train", 32, 1);
        try (ClassifierModel model = model(TestModels.tinyBert(), 0)) {
            TrainingSettings wild = new TrainingSettings(0, 1, 8, 1e30, 0.0, 0.0, 0.0, SelectBestBy.VALIDATION_LOSS, 0);
            var error = org.junit.jupiter.api.Assertions.assertThrows(
                    TrainingDivergedException.class,
                    () -> new TrainingLoop(model, wild, 42, new RecordingLog())
                            .run(train, SyntheticSplits.separable("validation", 8, 2)));
            assertTrue(error.getMessage().startsWith("Training diverged: the "), error.getMessage());
            assertTrue(error.getMessage().contains("at step "), error.getMessage());
            assertTrue(error.getMessage().contains("Fix: lower learningRate"), error.getMessage());
        }
    }

    private static Map<String, float[]> values(ClassifierModel model) {
        Map<String, float[]> values = new LinkedHashMap<>();
        model.network()
                .namedParameters()
                .forEach((name, p) -> values.put(name, p.getArray().toFloatArray()));
        return values;
    }
}
