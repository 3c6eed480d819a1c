package dev.stellar.finetune.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.log.RecordingLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry lock: re-entrant in one thread, exclusive across threads, and a wait that ends with a message. */
class EntryLockTest {

    @TempDir
    Path temp;

    @Test
    void aThreadMayTakeItsOwnLockAgain() {
        Path lock = temp.resolve(".locks/entry.lock");
        try (EntryLock outer = EntryLock.acquire(lock, "the entry", new RecordingLog());
                EntryLock inner = EntryLock.acquire(lock, "the entry", new RecordingLog())) {
            assertTrue(EntryLock.tryAcquire(lock, "the entry").isPresent());
        }
    }

    @Test
    void aWaitForAnotherHolderEndsWithAMessageNamingTheLock() throws Exception {
        Path lock = temp.resolve(".locks/entry.lock");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
            try (EntryLock ignored = EntryLock.acquire(lock, "the entry", new RecordingLog())) {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(held.await(10, TimeUnit.SECONDS));
        try {
            assertTrue(EntryLock.tryAcquire(lock, "the entry").isEmpty(), "held by another thread");
            var e = assertThrows(
                    FinetuneException.class,
                    () -> EntryLock.acquire(
                            lock, "the model cache entry x", Duration.ofMillis(200), new RecordingLog()));
            assertEquals(
                    "Gave up waiting for the model cache entry x after 0 s: another build (or thread) holds its"
                            + " lock " + temp.toRealPath().resolve(".locks/entry.lock")
                            + ". Fix: let that build finish, or"
                            + " stop it; the lock is freed when its process ends",
                    e.getMessage());
        } finally {
            release.countDown();
            other.get(10, TimeUnit.SECONDS);
        }
        try (EntryLock again = EntryLock.acquire(lock, "the entry", Duration.ofSeconds(10), new RecordingLog())) {
            assertTrue(again != null, "free once the holder is done");
        }
    }
}
