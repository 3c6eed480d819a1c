package dev.stellar.finetune.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.config.ReuseSettings;
import dev.stellar.finetune.config.TrainingSettings;
import dev.stellar.finetune.io.Hashing;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.pipeline.Job;
import dev.stellar.finetune.pipeline.JobRunner;
import dev.stellar.finetune.pipeline.Step;
import dev.stellar.finetune.testing.TestSettings;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection: the forked trainer is killed with SIGKILL in the middle of an epoch; the build is
 * started again, resumes from the last checkpoint, and ends with the same model as a run never killed.
 */
class KillAndResumeTest {

    @TempDir
    Path temp;

    @Test
    void aKilledTrainerResumesAndEndsWithTheUninterruptedModel() throws Exception {
        Path data = writeData(temp.resolve("data"), 1200);
        TrainingSettings training = new TrainingSettings(0, 2, 4, 3e-3, 0.01, 0.1, 1.0, null, 0);
        FinetuneSettings killed = settings(temp.resolve("killed"), data, training);
        FinetuneSettings whole = settings(temp.resolve("whole"), data, training);
        JobRunner.run(new Job(List.of(Step.PREPARE_DATA), killed), new RecordingLog(), Map.of());
        JobRunner.run(new Job(List.of(Step.PREPARE_DATA), whole), new RecordingLog(), Map.of());

        CompletableFuture<Object> first = CompletableFuture.supplyAsync(() -> train(killed, new RecordingLog()));
        Path state = killed.layout().checkpointDirectory().resolve("state.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!midFirstEpoch(state)) {
            assertTrue(System.nanoTime() < deadline, "no mid-epoch checkpoint appeared");
            Thread.sleep(5);
        }
        // The command line Linux reports is cut short; the worker's error-file option names its work folder.
        String marker = killed.layout().logsDirectory().toString();
        List<ProcessHandle> workers = ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(marker))
                .toList();
        assertEquals(1, workers.size(), "one worker runs");
        workers.get(0).destroyForcibly(); // SIGKILL
        Object outcome = first.get(60, TimeUnit.SECONDS);
        assertTrue(
                outcome instanceof FinetuneException e && e.getMessage().contains("exit code 137"),
                String.valueOf(outcome));

        RecordingLog resumedLog = new RecordingLog();
        Object resumed = train(killed, resumedLog);
        assertTrue(!(resumed instanceof Throwable), String.valueOf(resumed));
        String resumeLine = resumedLog.infos.stream()
                .filter(l -> l.startsWith("Resuming from the checkpoint"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(resumedLog.all()));
        System.out.println("Killed with SIGKILL mid-epoch; the rerun said: " + resumeLine);
        Object uninterrupted = train(whole, new RecordingLog());
        assertTrue(!(uninterrupted instanceof Throwable), String.valueOf(uninterrupted));

        Path killedModel = killed.layout().modelDirectory();
        Path wholeModel = whole.layout().modelDirectory();
        String weights = Hashing.sha256(wholeModel.resolve("model.safetensors"));
        assertEquals(weights, Hashing.sha256(killedModel.resolve("model.safetensors")), "the same weights");
        System.out.println("model.safetensors sha256, killed and resumed = never killed: " + weights);
        assertEquals(
                Files.readString(wholeModel.resolve("metrics.json")),
                Files.readString(killedModel.resolve("metrics.json")),
                "the same figures");
        assertTrue(!Files.exists(killed.layout().checkpointDirectory()), "the checkpoint is removed when done");
    }

    private static FinetuneSettings settings(Path project, Path data, TrainingSettings training) {
        FinetuneSettings base = TestSettings.tinySentiment(project, training, new ReuseSettings(false, null, 10));
        return new FinetuneSettings(
                project,
                base.workDirectory(),
                base.model(),
                null,
                null,
                new dev.stellar.finetune.config.DataSettings(
                        data.toString(),
                        Map.of(),
                        List.of("text"),
                        "label",
                        List.of(),
                        "train",
                        null,
                        null,
                        0.1,
                        0,
                        32),
                base.head(),
                training,
                base.gate(),
                base.reuse(),
                42,
                2);
    }

    /** Trains in a worker JVM; returns the result, or the exception the launcher threw. */
    private static Object train(FinetuneSettings settings, RecordingLog log) {
        try {
            Path jobFile = settings.layout().jobsDirectory().resolve("freeze-and-train.json");
            Json.write(jobFile, new Job(List.of(Step.FREEZE_AND_TRAIN), settings));
            List<Path> classpath = Arrays.stream(
                            System.getProperty("java.class.path").split(File.pathSeparator))
                    .map(Path::of)
                    .toList();
            return new WorkerLauncher(WorkerLauncher.currentJava(), classpath, List.of())
                    .run(jobFile, settings.layout().logsDirectory().resolve("freeze-and-train.log"), log, Map.of());
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static boolean midFirstEpoch(Path state) {
        try {
            JsonObject json = JsonParser.parseString(Files.readString(state)).getAsJsonObject();
            return json.get("epoch").getAsInt() == 1 && json.get("batch").getAsInt() >= 50;
        } catch (Exception e) {
            return false; // not there yet, or being replaced
        }
    }

    private static Path writeData(Path directory, int rows) throws Exception {
        Files.createDirectories(directory);
        Random random = new Random(3);
        String[] good = {"great", "excellent", "lovely", "superb"};
        String[] bad = {"awful", "terrible", "boring", "poor"};
        StringBuilder csv = new StringBuilder("text,label\n");
        for (int i = 0; i < rows; i++) {
            String[] words = i % 2 == 1 ? good : bad;
            csv.append("the film was ")
                    .append(words[random.nextInt(4)])
                    .append(" and ")
                    .append(words[random.nextInt(4)])
                    .append(',')
                    .append(i % 2)
                    .append('\n');
        }
        Files.writeString(directory.resolve("train.csv"), csv);
        return directory;
    }
}
