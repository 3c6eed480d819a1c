package dev.stellar.finetune.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.log.RecordingLog;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher against fake workers: what reaches the build when the worker succeeds, fails or dies. */
class WorkerLauncherTest {

    @TempDir
    Path temp;

    private String run(String behaviour, RecordingLog log) throws Exception {
        Path job = Files.writeString(temp.resolve("job.json"), behaviour);
        var launcher = new WorkerLauncher(
                WorkerLauncher.currentJava(), classpath(), List.of("-Xmx64m"), FakeWorker.class.getName());
        return launcher.run(
                        job, temp.resolve("logs/worker.log"), log, java.util.Map.of(), "batchSize 32 and maxLength 128")
                .toString();
    }

    @Test
    void relaysLogEventsAndReturnsTheResult() throws Exception {
        RecordingLog log = new RecordingLog();
        assertEquals("{\"answer\":42}", run("result", log));
        assertEquals(List.of("starting result"), log.infos);
        assertTrue(log.debugs.contains("[worker] native noise that is not an event"), log.debugs.toString());
    }

    @Test
    void aReportedFailureKeepsItsMessage() {
        var e = assertThrows(FinetuneException.class, () -> run("failure", new RecordingLog()));
        assertEquals("Invalid maxLength = 4: too small. Fix: raise it", e.getMessage());
    }

    @Test
    void aWorkerThatDiesIsReportedWithExitCodeLogTailAndPath() {
        var e = assertThrows(FinetuneException.class, () -> run("abort", new RecordingLog()));
        String message = e.getMessage();
        assertTrue(message.contains("ended with exit code 134 (aborted by native code)"), message);
        assertTrue(message.contains("Last lines of its log " + temp.resolve("logs/worker.log")), message);
        assertTrue(message.contains("native line 30"), message);
        assertTrue(!message.contains("native line 10\n"), "only the tail: " + message);
    }

    @Test
    void anOutOfMemoryNamesTheSettingsToChange() {
        var e = assertThrows(FinetuneException.class, () -> run("oom", new RecordingLog()));
        assertTrue(
                e.getMessage()
                        .contains("exit code 3 because it ran out of Java heap with batchSize 32 and maxLength"
                                + " 128 (lower batchSize or maxLength, or raise -Xmx in <jvmArgs>)"),
                e.getMessage());
    }

    /** Spaces, quotes, shell and glob characters and a '%p' in every path the launcher hands the worker. */
    private static final String AWKWARD = "my project's dir & 100%pure [x] $HOME;#!";

    @Test
    void aJobInAFolderWithSpacesQuotesAndPercentSignsRunsAndWritesItsFiles() throws Exception {
        Path project = Files.createDirectories(temp.resolve(AWKWARD));
        Path job = Files.writeString(project.resolve("job file.json"), "paths");
        Path workerLog = project.resolve("logs dir").resolve("worker log.log");
        var launcher = new WorkerLauncher(
                WorkerLauncher.currentJava(),
                classpathThrough(project.resolve("class path")),
                List.of("-Xmx64m"),
                FakeWorker.class.getName());
        String result = launcher.run(job, workerLog, new RecordingLog(), java.util.Map.of())
                .toString();
        assertEquals(Json.compact(java.util.Map.of("jobFile", job.toString())), result);
        assertEquals("written", Files.readString(project.resolve("out put").resolve("written.txt")));
        assertEquals("[INFO] starting paths", Files.readString(workerLog).strip());
    }

    @Test
    void aCrashReportLandsBesideTheWorkersLogEvenWhenThePathHoldsPercentSigns() throws Exception {
        Path project = Files.createDirectories(temp.resolve(AWKWARD));
        Path job = Files.writeString(project.resolve("job.json"), "heap");
        Path logs = project.resolve("logs");
        var launcher = new WorkerLauncher(
                WorkerLauncher.currentJava(),
                classpath(),
                List.of("-Xmx32m", "-XX:+CrashOnOutOfMemoryError", "-XX:-CreateCoredumpOnCrash"),
                FakeWorker.class.getName());
        var e = assertThrows(
                FinetuneException.class,
                () -> launcher.run(job, logs.resolve("worker.log"), new RecordingLog(), java.util.Map.of()));
        try (var files = Files.list(logs)) {
            assertTrue(
                    files.anyMatch(f -> f.getFileName().toString().matches("hs_err_pid\\d+\\.log")),
                    "the JVM's error report is not in " + logs + ": " + e.getMessage());
        }
    }

    @Test
    void theErrorFilePatternDoublesPercentSignsOfThePath() {
        String separator = File.separator;
        assertEquals(
                "builds" + separator + "100%%pure" + separator,
                WorkerLauncher.errorFilePattern(Path.of("builds", "100%pure")));
    }

    private static List<Path> classpath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .toList();
    }

    /** This JVM's classpath, each entry reached through a link in {@code folder} (whose name is awkward). */
    private static List<Path> classpathThrough(Path folder) throws Exception {
        Files.createDirectories(folder);
        List<Path> entries = new java.util.ArrayList<>();
        for (Path entry : classpath()) {
            Path link = folder.resolve(entries.size() + " " + entry.getFileName());
            try {
                Files.createSymbolicLink(link, entry.toAbsolutePath());
            } catch (UnsupportedOperationException | java.io.IOException e) {
                Assumptions.assumeTrue(false, "no symbolic links here: " + e);
            }
            entries.add(link);
        }
        return entries;
    }

    @Test
    void aWorkerEndsWithinSecondsWhenItsBuildIsKilledEvenWhileSilent() throws Exception {
        Path job = Files.writeString(temp.resolve("job.json"), "silent");
        Path workerLog = temp.resolve("logs/worker.log");
        Process maven = FakeWorker.java(FakeMaven.class, job, workerLog)
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("maven.out").toFile())
                .start();
        ProcessHandle worker = null;
        try {
            FakeWorker.awaitStart(workerLog, "silent", maven);
            worker = maven.toHandle().children().findFirst().orElseThrow();
            maven.destroyForcibly(); // SIGKILL: no shutdown hook of the build runs
            maven.waitFor();
            // Generous: the worker notices at once; a worker that does not lives on for its 60 s sleep.
            assertTrue(
                    worker.onExit()
                            .thenApply(p -> true)
                            .completeOnTimeout(false, 20, TimeUnit.SECONDS)
                            .get(),
                    "the worker outlived the build");
            assertTrue(
                    Files.readString(workerLog).contains("[ERROR] The build that started this worker has stopped ("),
                    Files.readString(workerLog));
        } finally {
            maven.destroyForcibly();
            if (worker != null) {
                worker.destroyForcibly();
            }
        }
    }

    @Test
    void oneDnnKeepsSixteenPrimitivesUnlessTheUserSaidOtherwise() {
        java.util.Map<String, String> environment = new java.util.HashMap<>();
        WorkerLauncher.capPrimitiveCache(environment);
        assertEquals(java.util.Map.of("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "16"), environment);
        java.util.Map<String, String> own =
                new java.util.HashMap<>(java.util.Map.of("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "256"));
        WorkerLauncher.capPrimitiveCache(own);
        assertEquals(java.util.Map.of("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "256"), own);
    }
}
