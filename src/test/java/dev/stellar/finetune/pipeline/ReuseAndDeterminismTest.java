package dev.stellar.finetune.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.config.ReuseSettings;
import dev.stellar.finetune.io.AtomicFiles;
import dev.stellar.finetune.io.Hashing;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.testing.TestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build that runs again does not train again when nothing changed, and the same inputs give the same model. */
class ReuseAndDeterminismTest {

    @TempDir
    Path project;

    private RecordingLog run(FinetuneSettings settings, Step... steps) {
        RecordingLog log = new RecordingLog();
        JobRunner.run(new Job(List.of(steps), settings), log, Map.of());
        return log;
    }

    private static boolean trained(RecordingLog log) {
        return log.infos.stream().anyMatch(l -> l.startsWith("Training 1 epochs"));
    }

    private Path model() {
        return project.resolve("target/finetune/model");
    }

    @Test
    void anUnchangedProjectIsNotTrainedAgainUnlessForced() {
        FinetuneSettings settings = TestSettings.tinySentiment(project, TestSettings.quickTraining(1, 3e-3), null);
        run(settings, Step.PREPARE_DATA, Step.FREEZE_AND_TRAIN);
        RecordingLog again = run(settings, Step.PREPARE_DATA, Step.FREEZE_AND_TRAIN);
        assertFalse(trained(again), again.all());
        assertTrue(
                again.infos.stream().anyMatch(l -> l.startsWith("The model is up to date (fingerprint ")), again.all());

        FinetuneSettings changed = TestSettings.tinySentiment(project, TestSettings.quickTraining(1, 2e-3), null);
        assertTrue(trained(run(changed, Step.FREEZE_AND_TRAIN)), "a changed learning rate retrains");

        FinetuneSettings forced = TestSettings.tinySentiment(
                project, TestSettings.quickTraining(1, 2e-3), new ReuseSettings(true, null, 0));
        assertTrue(trained(run(forced, Step.FREEZE_AND_TRAIN)), "force retrains");
    }

    /** A checkpoint cut short by a power loss used to fail every later build, -Dfinetune.force=true included. */
    @Test
    void aDamagedCheckpointBlocksNoBuildForcedOrNot() throws Exception {
        FinetuneSettings settings = TestSettings.tinySentiment(project, TestSettings.quickTraining(1, 3e-3), null);
        run(settings, Step.PREPARE_DATA);
        Path checkpoint = settings.layout().checkpointDirectory();
        Files.createDirectories(checkpoint);
        Files.writeString(checkpoint.resolve("state.json"), "{\"fingerprint\": \"");
        RecordingLog log = run(settings, Step.FREEZE_AND_TRAIN);
        assertTrue(trained(log), log.all());
        assertTrue(
                log.warnings.stream()
                        .anyMatch(w -> w.startsWith("The checkpoint in " + checkpoint + " cannot be read (")),
                log.all());

        FinetuneSettings forced = TestSettings.tinySentiment(
                project, TestSettings.quickTraining(1, 3e-3), new ReuseSettings(true, null, 0));
        Files.createDirectories(checkpoint);
        Files.writeString(checkpoint.resolve("weights.safetensors"), "truncated");
        RecordingLog again = run(forced, Step.FREEZE_AND_TRAIN);
        assertTrue(trained(again), again.all());
        assertTrue(
                again.infos.contains("Discarding the checkpoint in " + checkpoint + ": -Dfinetune.force=true trains"
                        + " from the start"),
                again.all());
    }

    @Test
    void changedDataRetrains() throws Exception {
        FinetuneSettings settings = TestSettings.tinySentiment(project, TestSettings.quickTraining(1, 3e-3), null);
        run(settings, Step.PREPARE_DATA, Step.FREEZE_AND_TRAIN);
        // Another seed carves another validation split: the prepared data differ, so must the model.
        FinetuneSettings reseeded = settings.withSeed(7);
        RecordingLog log = run(reseeded, Step.PREPARE_DATA, Step.FREEZE_AND_TRAIN);
        assertTrue(trained(log), log.all());
    }

    @Test
    void theModelCacheRestoresAModelAfterClean() throws Exception {
        Path cache = project.resolve("model-cache");
        FinetuneSettings settings = TestSettings.tinySentiment(
                project, TestSettings.quickTraining(1, 3e-3), new ReuseSettings(false, cache, 0));
        run(settings, Step.PREPARE_DATA, Step.FREEZE_AND_TRAIN);
        String weights = Hashing.sha256(model().resolve("model.safetensors"));
        AtomicFiles.deleteRecursively(project.resolve("target")); // mvn clean
        RecordingLog afterClean = run(settings, Step.PREPARE_DATA, Step.FREEZE_AND_TRAIN);
        assertFalse(trained(afterClean), afterClean.all());
        assertTrue(
                afterClean.infos.stream()
                        .anyMatch(l -> l.startsWith("Restored the model trained from the same" + " inputs")),
                afterClean.all());
        assertEquals(weights, Hashing.sha256(model().resolve("model.safetensors")));
    }

    @Test
    void twoRunsOfTheSameInputsWriteIdenticalWeightsAndMetrics() throws Exception {
        FinetuneSettings settings = TestSettings.tinySentiment(
                project, TestSettings.quickTraining(2, 3e-3), new ReuseSettings(true, null, 0));
        run(settings, Step.PREPARE_DATA, Step.FREEZE_AND_TRAIN);
        String weights = Hashing.sha256(model().resolve("model.safetensors"));
        String metrics = Files.readString(model().resolve("metrics.json"));
        run(settings, Step.PREPARE_DATA, Step.FREEZE_AND_TRAIN);
        assertEquals(weights, Hashing.sha256(model().resolve("model.safetensors")), "identical weights");
        assertEquals(metrics, Files.readString(model().resolve("metrics.json")), "identical metrics.json");

        FinetuneSettings otherSeed = settings.withSeed(43);
        run(otherSeed, Step.PREPARE_DATA, Step.FREEZE_AND_TRAIN);
        assertNotEquals(weights, Hashing.sha256(model().resolve("model.safetensors")), "the seed matters");
    }
}
