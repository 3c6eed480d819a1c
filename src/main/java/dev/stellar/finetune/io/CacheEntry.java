package dev.stellar.finetune.io;

import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.log.BuildLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * One folder of a cache (or of the build's work folder) that builds running at the same time share: filled
 * once under its lock, published by renaming a complete temporary folder, and never replaced once finished,
 * so a reader sees either no folder or a complete one. The lock file is {@code <cache>/.locks/<name>.lock}.
 */
public final class CacheEntry {

    /** The folder beside the entries that holds their lock files. */
    public static final String LOCKS = ".locks";

    private final Path directory;
    private final String what;
    private final Predicate<Path> complete;

    /**
     * @param what the entry for messages, e.g. "the unpacked model cache entry"
     * @param complete whether a folder found there is a finished entry (an entry from an older version, or
     *     one a person changed, may not be)
     */
    public CacheEntry(Path directory, String what, Predicate<Path> complete) {
        this.directory = directory.toAbsolutePath().normalize();
        this.what = what + " " + this.directory;
        this.complete = complete;
    }

    public CacheEntry(Path directory, String what) {
        this(directory, what, Files::isDirectory);
    }

    public Path directory() {
        return directory;
    }

    public static Path lockFile(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        return absolute.resolveSibling(LOCKS).resolve(absolute.getFileName() + ".lock");
    }

    public boolean isComplete() {
        return Files.isDirectory(directory) && complete.test(directory);
    }

    /** Takes the entry's lock (waiting a bounded time for another build that holds it). */
    public EntryLock lock(BuildLog log) {
        return EntryLock.acquire(lockFile(directory), what, log);
    }

    /**
     * The finished entry: found, or filled by {@code writer} under the lock when no other build has filled it
     * meanwhile. Returns whether this call filled it.
     */
    public boolean fillIfAbsent(AtomicFiles.DirectoryWriter writer, BuildLog log) {
        if (isComplete()) {
            touch();
            return false;
        }
        try (EntryLock ignored = lock(log)) {
            if (isComplete()) { // another build filled it while this one waited
                touch();
                return false;
            }
            clearUnfinished();
            AtomicFiles.publishDirectory(directory, writer);
            return true;
        }
    }

    /** Builds the entry anew under the lock and swaps it in (for folders a build owns, such as its data). */
    public void replace(AtomicFiles.DirectoryWriter writer, BuildLog log) {
        try (EntryLock ignored = lock(log)) {
            AtomicFiles.removeStaleTemporaries(directory, Duration.ZERO);
            AtomicFiles.replaceDirectory(directory, writer);
        }
    }

    /** Removes the entry under its lock; false when another build holds the lock now (it is in use). */
    public boolean removeIfUnused() throws IOException {
        var lock = EntryLock.tryAcquire(lockFile(directory), what);
        if (lock.isEmpty()) {
            return false;
        }
        try (EntryLock ignored = lock.get()) {
            AtomicFiles.removeStaleTemporaries(directory, Duration.ZERO);
            removeFolder();
            return true;
        }
    }

    /** Marks the entry as used now, so pruning by age keeps it. Best effort (a read-only cache stays as is). */
    public void touch() {
        try {
            Files.setLastModifiedTime(directory, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException | UnsupportedOperationException e) {
            // the entry is usable all the same
        }
    }

    /** Under the lock: what an interrupted or older build left is not finished and no one else writes it. */
    private void clearUnfinished() {
        AtomicFiles.removeStaleTemporaries(directory, Duration.ZERO);
        try {
            removeFolder();
        } catch (IOException e) {
            throw new FinetuneException(
                    "Cannot remove the unfinished " + what + ": " + e.getMessage() + ". Fix: delete that folder", e);
        }
    }

    /** Renamed out of sight first, so a reader never sees half a folder, then deleted. */
    private void removeFolder() throws IOException {
        AtomicFiles.deleteOutOfSight(directory);
    }
}
