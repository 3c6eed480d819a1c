package dev.stellar.finetune.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.log.RecordingLog;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher against fake workers: what reaches the build when the worker succeeds, fails or dies. */
class WorkerLauncherTest {

    @TempDir
    Path temp;

    private String run(String behaviour, RecordingLog log) throws Exception {
        Path job = Files.writeString(temp.resolve("job.json"), behaviour);
        List<Path> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of).toList();
        var launcher = new WorkerLauncher(WorkerLauncher.currentJava(), classpath, List.of("-Xmx64m"),
                FakeWorker.class.getName());
        return launcher.run(job, temp.resolve("logs/worker.log"), log, java.util.Map.of(),
                "batchSize 32 and maxLength 128").toString();
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
        assertTrue(e.getMessage().contains("exit code 3 because it ran out of Java heap with batchSize 32 and maxLength"
                + " 128 (lower batchSize or maxLength, or raise -Xmx in <jvmArgs>)"), e.getMessage());
    }
}
