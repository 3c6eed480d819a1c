package dev.stellar.finetune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.config.TrainingSettings;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.FreezePlan;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelSources;
import dev.stellar.finetune.testing.SyntheticSplits;
import dev.stellar.finetune.testing.TestModels;
import java.nio.file.Files;
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

/** A run continued from a checkpoint ends exactly where a run that never stopped ends. */
class ResumeTest {

    @TempDir
    Path temp;

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    private static final EncodedSplit TRAIN = SyntheticSplits.separable("train", 96, 1);
    private static final EncodedSplit VALIDATION = SyntheticSplits.separable("validation", 24, 2);
    private static final TrainingSettings SETTINGS = new TrainingSettings(
            0, 3, 8, 1e-3, 0.01, 0.1, 1.0, dev.stellar.finetune.config.SelectBestBy.VALIDATION_LOSS, 0);

    private static ClassifierModel model() {
        ModelDirectory dir = ModelSources.standard(TestModels.tinyBert()).resolve(".", new RecordingLog());
        ClassifierModel model = ClassifierModel.fromPretrained(
                dir, new HeadSettings(List.of(16), 0.1, Pooling.POOLER), List.of("0", "1"), 42, new RecordingLog());
        new FreezePlan(0, 2).apply(model);
        return model;
    }

    private static Map<String, float[]> weights(ClassifierModel model) {
        Map<String, float[]> values = new LinkedHashMap<>();
        model.network()
                .namedParameters()
                .forEach((name, p) -> values.put(name, p.getArray().toFloatArray()));
        return values;
    }

    @Test
    void resumingFromTheLastEpochsCheckpointGivesTheUninterruptedResult() throws Exception {
        Map<String, float[]> uninterrupted;
        TrainingResult whole;
        try (ClassifierModel model = model()) {
            whole = new TrainingLoop(model, SETTINGS, 42, new RecordingLog()).run(TRAIN, VALIDATION);
            uninterrupted = weights(model);
        }
        // A run that checkpoints; its last checkpoint (start of epoch 3) is what a run killed in epoch 3 finds.
        ResumeStore store = new ResumeStore(temp.resolve("checkpoint"), "fp", new RecordingLog());
        try (ClassifierModel model = model()) {
            new TrainingLoop(model, SETTINGS, 42, 0, new RecordingLog()).run(TRAIN, VALIDATION, store);
        }
        assertTrue(Files.isRegularFile(temp.resolve("checkpoint/state.json")));
        // A run killed while saving the next checkpoint left its half-written folder beside it.
        Path leftover = Files.createDirectories(temp.resolve(".checkpoint.3f1c2a8e-4b7d-4c1e-9f00-123456789abc.tmp"));
        Files.writeString(leftover.resolve("optimizer.safetensors"), "half");
        RecordingLog log = new RecordingLog();
        TrainingResult resumed;
        try (ClassifierModel model = model()) {
            resumed = new TrainingLoop(model, SETTINGS, 42, 0, log).run(TRAIN, VALIDATION, store);
            Map<String, float[]> after = weights(model);
            uninterrupted.forEach((name, values) -> assertArrayEquals(values, after.get(name), name));
        }
        assertTrue(
                log.infos.stream()
                        .anyMatch(l -> l.startsWith("Resuming from the checkpoint in")
                                && l.contains("epoch 3, step 24 of 36")),
                log.all());
        assertFalse(Files.exists(leftover), "the leftover is removed at the start");
        assertTrue(
                log.infos.contains("Removed " + leftover.toAbsolutePath() + ", left by a run interrupted while"
                        + " saving a checkpoint"),
                log.all());
        assertEquals(whole.bestEpoch(), resumed.bestEpoch());
        for (int e = 0; e < 3; e++) {
            assertEquals(
                    whole.epochs().get(e).validationLoss(),
                    resumed.epochs().get(e).validationLoss());
            assertEquals(
                    whole.epochs().get(e).trainLoss(), resumed.epochs().get(e).trainLoss());
        }
    }

    @Test
    void aMidEpochCheckpointResumesToo() {
        Map<String, float[]> uninterrupted;
        try (ClassifierModel model = model()) {
            new TrainingLoop(model, SETTINGS, 42, new RecordingLog()).run(TRAIN, VALIDATION);
            uninterrupted = weights(model);
        }
        // Every 5 steps: the last one written is step 35, batch 11 of epoch 3.
        ResumeStore store = new ResumeStore(temp.resolve("mid"), "fp", new RecordingLog());
        try (ClassifierModel model = model()) {
            new TrainingLoop(model, SETTINGS, 42, 5, new RecordingLog()).run(TRAIN, VALIDATION, store);
        }
        RecordingLog log = new RecordingLog();
        try (ClassifierModel model = model()) {
            new TrainingLoop(model, SETTINGS, 42, 5, log).run(TRAIN, VALIDATION, store);
            Map<String, float[]> after = weights(model);
            uninterrupted.forEach((name, values) -> assertArrayEquals(values, after.get(name), name));
        }
        assertTrue(log.infos.stream().anyMatch(l -> l.contains("epoch 3, step 35 of 36")), log.all());
    }

    @Test
    void aDivergingRunNamesItsLastGoodCheckpoint() {
        ResumeStore store = new ResumeStore(temp.resolve("diverged"), "fp", new RecordingLog());
        TrainingSettings wild = new TrainingSettings(
                0, 1, 8, 1e30, 0.0, 0.0, 0.0, dev.stellar.finetune.config.SelectBestBy.VALIDATION_LOSS, 0);
        try (ClassifierModel model = model()) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(
                    TrainingDivergedException.class,
                    () -> new TrainingLoop(model, wild, 42, 1, new RecordingLog()).run(TRAIN, VALIDATION, store));
            assertTrue(
                    e.getMessage()
                            .matches("Training diverged: the (loss|gradient norm) became \\S+ at step \\d+ "
                                    + "\\(epoch 1, batch \\d+ of 12\\)\\. The last good checkpoint is .*diverged\\. Fix: lower"
                                    + " learningRate \\(now 1\\.0E30\\) or set maxGradNorm, e\\.g\\. 1\\.0\\."),
                    e.getMessage());
        }
    }

    @Test
    void aCheckpointOfOtherInputsIsDiscarded() {
        ResumeStore store = new ResumeStore(temp.resolve("other"), "fp-a", new RecordingLog());
        try (ClassifierModel model = model()) {
            new TrainingLoop(model, SETTINGS, 42, 0, new RecordingLog()).run(TRAIN, VALIDATION, store);
        }
        RecordingLog log = new RecordingLog();
        try (ClassifierModel model = model()) {
            new TrainingLoop(model, SETTINGS, 42, 0, log)
                    .run(TRAIN, VALIDATION, new ResumeStore(temp.resolve("other"), "fp-b", new RecordingLog()));
        }
        assertTrue(log.infos.stream().anyMatch(l -> l.startsWith("Discarding the checkpoint")), log.all());
        assertTrue(log.infos.stream().noneMatch(l -> l.startsWith("Resuming")), log.all());
    }

    @TempDir
    static Path pristine;

    private static Map<String, float[]> uninterrupted;

    /** The weights of a run never stopped, and (in pristine/checkpoint) the last checkpoint of a run like it. */
    private static synchronized Map<String, float[]> pristineCheckpoint() {
        if (uninterrupted == null) {
            try (ClassifierModel model = model()) {
                new TrainingLoop(model, SETTINGS, 42, 0, new RecordingLog())
                        .run(
                                TRAIN,
                                VALIDATION,
                                new ResumeStore(pristine.resolve("checkpoint"), "fp", new RecordingLog()));
                uninterrupted = weights(model);
            }
        }
        return uninterrupted;
    }

    /** Ways a checkpoint gets damaged: a power loss, a full disk, a person tidying up. */
    @ParameterizedTest
    @ValueSource(strings = {"truncated weights", "state not JSON", "moments missing", "weights of another model"})
    void aDamagedCheckpointIsSetAsideAndTrainingStartsOver(String damage) throws Exception {
        Map<String, float[]> uninterrupted = pristineCheckpoint();
        Path checkpoint = temp.resolve("damaged");
        Files.createDirectories(checkpoint);
        try (var files = Files.list(pristine.resolve("checkpoint"))) {
            for (Path file : files.toList()) {
                Files.copy(file, checkpoint.resolve(file.getFileName()));
            }
        }
        Path weightsFile = checkpoint.resolve("weights.safetensors");
        switch (damage) {
            case "truncated weights" ->
                Files.write(
                        weightsFile, Arrays.copyOf(Files.readAllBytes(weightsFile), (int) Files.size(weightsFile) / 2));
            case "state not JSON" -> Files.writeString(checkpoint.resolve("state.json"), "{\"fingerprint\": \"fp\", ");
            case "moments missing" -> Files.delete(checkpoint.resolve("optimizer.safetensors"));
            case "state missing" -> Files.delete(checkpoint.resolve("state.json"));
            case "weights of another model" ->
                dev.stellar.finetune.io.SafetensorsWriter.write(
                        weightsFile,
                        Map.of(),
                        List.of(new dev.stellar.finetune.io.Tensor(
                                "classifier.dense.weight",
                                dev.stellar.finetune.io.DType.F32,
                                new long[] {1},
                                java.nio.ByteBuffer.allocate(4))));
            default -> throw new IllegalArgumentException(damage);
        }

        RecordingLog log = new RecordingLog();
        try (ClassifierModel model = model()) {
            new TrainingLoop(model, SETTINGS, 42, 0, log)
                    .run(TRAIN, VALIDATION, new ResumeStore(checkpoint, "fp", log));
            Map<String, float[]> after = weights(model);
            uninterrupted.forEach((name, values) -> assertArrayEquals(values, after.get(name), name));
        }
        assertTrue(log.infos.stream().noneMatch(l -> l.startsWith("Resuming")), log.all());
        assertEquals(1, log.warnings.size(), log.all());
        String warning = log.warnings.get(0);
        assertTrue(warning.startsWith("The checkpoint in " + checkpoint + " cannot be read ("), warning);
        assertTrue(warning.contains("; set it aside as " + checkpoint + ".damaged-"), warning);
        assertTrue(
                warning.endsWith(" and training starts over. Delete that folder when you no longer need it."), warning);
        try (var siblings = Files.list(temp)) {
            assertEquals(
                    1,
                    siblings.filter(p -> p.getFileName().toString().startsWith("damaged.damaged-"))
                            .count());
        }
    }
}
