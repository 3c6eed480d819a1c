package dev.stellar.finetune.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.io.CacheEntry;
import dev.stellar.finetune.io.EntryLock;
import dev.stellar.finetune.log.RecordingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache goal lists entries with size and last use, and prunes only old entries no build holds. */
class CacheMaintenanceTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @TempDir
    Path temp;

    private static Path entry(Path root, String name, int bytes, Instant used) throws Exception {
        Path entry = Files.createDirectories(root.resolve(name));
        Path file = Files.write(entry.resolve("model.safetensors"), new byte[bytes]);
        Files.setLastModifiedTime(file, FileTime.from(used));
        Files.setLastModifiedTime(entry, FileTime.from(used));
        return entry;
    }

    @Test
    void listsSizesAndLastUseAndPrunesOnlyWhenAsked() throws Exception {
        Path root = temp.resolve("models");
        Path old = entry(root, "0123456789abcdef", 2048, NOW.minus(Duration.ofDays(40)));
        Path recent = entry(root, "fedcba9876543210", 1024, NOW.minus(Duration.ofDays(2)));
        Path marker = Files.writeString(
                recent.resolve(".complete"), "/home/you/.m2/repository/com/acme/reviews-1.0-model.zip\n");
        Files.setLastModifiedTime(marker, FileTime.from(NOW.minus(Duration.ofDays(2))));
        Files.setLastModifiedTime(recent, FileTime.from(NOW.minus(Duration.ofDays(2))));
        CacheFolder cache = new CacheFolder("model import cache", root, false);
        RecordingLog log = new RecordingLog();
        CacheMaintenance maintenance = new CacheMaintenance(log, NOW);

        List<CacheEntryInfo> entries = maintenance.entries(cache);
        assertEquals(
                List.of(old, recent),
                entries.stream().map(CacheEntryInfo::directory).toList(),
                "oldest first");
        assertEquals(2048, entries.get(0).bytes());
        assertEquals(NOW.minus(Duration.ofDays(40)), entries.get(0).lastUsed());

        assertEquals(0, maintenance.run(List.of(cache), Duration.ofDays(30), false));
        assertTrue(Files.isDirectory(old), "listing removes nothing");
        assertEquals("Model import cache " + root + ": 2 entries, 3.1 KiB", log.infos.get(0)); // 3 KiB + the marker
        assertTrue(
                log.infos
                        .get(1)
                        .matches(" {2}0123456789abcdef +2\\.0 KiB {2}last used 2026-10-21 12:00 UTC \\(unused"
                                + " for 40 days\\)"),
                log.infos.get(1));
        assertTrue(
                log.infos.get(2).endsWith("last used 2026-11-28 12:00 UTC  from reviews-1.0-model.zip"),
                log.infos.get(2));
        assertEquals(
                "  1 entries (2.0 KiB) were not used for 30 days; -Dfinetune.prune=true removes them",
                log.infos.get(3));

        assertEquals(2048, maintenance.run(List.of(cache), Duration.ofDays(30), true));
        assertFalse(Files.exists(old));
        assertTrue(Files.isDirectory(recent));
    }

    @Test
    void anEntryARunningBuildHoldsIsKept() throws Exception {
        Path root = temp.resolve("models");
        Path busy = entry(root, "0123456789abcdef", 10, NOW.minus(Duration.ofDays(90)));
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
            try (EntryLock ignored = new CacheEntry(busy, "the entry").lock(new RecordingLog())) {
                locked.countDown();
                done.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(locked.await(10, TimeUnit.SECONDS));
        RecordingLog log = new RecordingLog();
        try {
            new CacheMaintenance(log, NOW)
                    .run(List.of(new CacheFolder("model cache", root, false)), Duration.ofDays(30), true);
        } finally {
            done.countDown();
            holder.get(10, TimeUnit.SECONDS);
        }
        assertTrue(Files.isDirectory(busy));
        assertTrue(log.infos.contains("  kept " + busy + ": a running build is using it"), log.all());
    }

    @Test
    void aHubRepositoryIsPrunedWholeUnlessADownloadHoldsItsLock() throws Exception {
        Path hub = temp.resolve("hub");
        Path repo = entry(hub, "models--google-bert--tiny-bert", 10, NOW.minus(Duration.ofDays(90)));
        Path other = entry(hub, "datasets--nyu-mll--glue", 10, NOW.minus(Duration.ofDays(90)));
        Path lock = hub.resolve(".locks/datasets--nyu-mll--glue/abc.lock");
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        CompletableFuture<Void> download = CompletableFuture.runAsync(() -> {
            try (EntryLock ignored = EntryLock.acquire(lock, "a download", new RecordingLog())) {
                locked.countDown();
                done.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(locked.await(10, TimeUnit.SECONDS));
        try {
            new CacheMaintenance(new RecordingLog(), NOW)
                    .run(List.of(new CacheFolder("Hugging Face cache", hub, true)), Duration.ofDays(30), true);
        } finally {
            done.countDown();
            download.get(10, TimeUnit.SECONDS);
        }
        assertFalse(Files.exists(repo));
        assertTrue(Files.isDirectory(other), "a repository with a download under way stays");
        assertTrue(Files.isRegularFile(lock), "lock files are never deleted");
    }

    @Test
    void pruningRemovesLeftoversOfInterruptedWrites() throws Exception {
        Path root = Files.createDirectories(temp.resolve("models"));
        Path stale =
                Files.createDirectories(root.resolve(".0123456789abcdef.3f1c2a8e-4b7d-4c1e-9f00-123456789abc.tmp"));
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        Path fresh =
                Files.createDirectories(root.resolve(".0123456789abcdef.00000000-4b7d-4c1e-9f00-123456789abc.tmp"));
        new CacheMaintenance(new RecordingLog(), NOW)
                .run(List.of(new CacheFolder("model cache", root, false)), Duration.ofDays(30), true);
        try (Stream<Path> left = Files.list(root)) {
            assertEquals(List.of(fresh), left.toList(), "a fresh temporary may be another build's write under way");
        }
    }
}
