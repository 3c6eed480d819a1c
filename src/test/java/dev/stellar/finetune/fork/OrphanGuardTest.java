package dev.stellar.finetune.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker stops on the end of its standard input alone, with its parent still alive: the sign that works
 * the same on every OS (no POSIX signal is involved; on Windows the pipe ends when the build's process does).
 */
class OrphanGuardTest {

    @TempDir
    Path temp;

    @Test
    void aSilentWorkerStopsWithinSecondsOnceItsStandardInputEnds() throws Exception {
        Path job = Files.writeString(temp.resolve("job.json"), "silent");
        Path log = temp.resolve("worker.log");
        Process worker = FakeWorker.java(FakeWorker.class, job)
                .redirectError(log.toFile())
                .start();
        try {
            FakeWorker.awaitStart(log, "silent", worker);
            worker.getOutputStream().close();
            // A worker that misses it sleeps on for 60 s.
            assertTrue(worker.waitFor(20, TimeUnit.SECONDS), "the worker outlived its standard input");
            assertEquals(OrphanGuard.BUILD_GONE, worker.exitValue());
            assertTrue(Files.readString(log).contains("stopped (its standard input closed)"), Files.readString(log));
        } finally {
            worker.destroyForcibly();
        }
    }
}
