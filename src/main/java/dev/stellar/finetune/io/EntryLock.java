package dev.stellar.finetune.io;

import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.log.BuildLog;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock on one cache entry, held against other builds (an OS file lock on a lock file, which the OS
 * releases when a process dies) and against other threads of this JVM (where a second file lock on the
 * same file would throw instead of wait). The lock file is never deleted: a process waiting on it would
 * otherwise lock a file nobody else sees. A thread that already holds the lock may take it again.
 */
public final class EntryLock implements AutoCloseable {

    /** How long a build waits for another one before it gives up. */
    public static final Duration DEFAULT_WAIT = Duration.ofMinutes(30);

    private static final Duration REPORT_EVERY = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 50;
    private static final Map<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock threads;
    private final FileChannel channel;
    private final FileLock fileLock;

    private EntryLock(ReentrantLock threads, FileChannel channel, FileLock fileLock) {
        this.threads = threads;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Waits up to {@link #DEFAULT_WAIT}. */
    public static EntryLock acquire(Path lockFile, String what, BuildLog log) {
        return acquire(lockFile, what, DEFAULT_WAIT, log);
    }

    /**
     * Takes the lock, waiting at most {@code maxWait} and saying every few seconds what it waits for.
     *
     * @param what the entry, for messages ("the model cache entry /x/models/ab12")
     */
    public static EntryLock acquire(Path lockFile, String what, Duration maxWait, BuildLog log) {
        Path file = canonical(lockFile);
        ReentrantLock threads = IN_JVM.computeIfAbsent(file, f -> new ReentrantLock());
        long started = System.nanoTime();
        Waiting waiting = new Waiting(file, what, maxWait, log, started);
        try {
            while (!threads.tryLock(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                waiting.check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FinetuneException("Interrupted while waiting for the lock " + file + " on " + what, e);
        }
        if (threads.getHoldCount() > 1) {
            return new EntryLock(threads, null, null); // this thread already holds the file lock
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            while ((lock = tryLock(channel)) == null) {
                waiting.check();
                Thread.sleep(POLL_MILLIS);
            }
            return new EntryLock(threads, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            threads.unlock();
            throw new FinetuneException(
                    "Cannot lock " + what + " (lock file " + file + "): " + e.getMessage()
                            + ". Fix: make the folder writable, or point the cache to one that is",
                    e);
        } catch (InterruptedException e) {
            closeQuietly(channel);
            threads.unlock();
            Thread.currentThread().interrupt();
            throw new FinetuneException("Interrupted while waiting for the lock " + file + " on " + what, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            threads.unlock();
            throw e;
        }
    }

    /** The lock if no other build or thread holds it now, without waiting. */
    public static java.util.Optional<EntryLock> tryAcquire(Path lockFile, String what) {
        Path file = canonical(lockFile);
        ReentrantLock threads = IN_JVM.computeIfAbsent(file, f -> new ReentrantLock());
        if (!threads.tryLock()) {
            return java.util.Optional.empty();
        }
        if (threads.getHoldCount() > 1) {
            return java.util.Optional.of(new EntryLock(threads, null, null));
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                closeQuietly(channel);
                threads.unlock();
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new EntryLock(threads, channel, lock));
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            threads.unlock();
            throw new FinetuneException("Cannot lock " + what + " (lock file " + file + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (fileLock != null) {
                try {
                    fileLock.release();
                } catch (IOException ignored) {
                    // closing the channel below releases it too
                }
                closeQuietly(channel);
            }
        } finally {
            threads.unlock();
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // another path spelling of the same file in this JVM; wait as for another build
        }
    }

    private static Path canonical(Path lockFile) {
        Path absolute = lockFile.toAbsolutePath().normalize();
        try {
            Path parent = absolute.getParent();
            Files.createDirectories(parent);
            return parent.toRealPath().resolve(absolute.getFileName());
        } catch (IOException e) {
            return absolute;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was written through it
            }
        }
    }

    /** Reports a long wait now and then, and ends it with a message when it lasts too long. */
    private static final class Waiting {
        private final Path file;
        private final String what;
        private final Duration maxWait;
        private final BuildLog log;
        private final long started;
        private long reported;

        Waiting(Path file, String what, Duration maxWait, BuildLog log, long started) {
            this.file = file;
            this.what = what;
            this.maxWait = maxWait;
            this.log = log;
            this.started = started;
            this.reported = started;
        }

        void check() {
            long now = System.nanoTime();
            if (now - started > maxWait.toNanos()) {
                throw new FinetuneException(String.format(
                        Locale.ROOT,
                        "Gave up waiting for %s after %d s: another"
                                + " build (or thread) holds its lock %s. Fix: let that build finish, or stop it; the lock"
                                + " is freed when its process ends",
                        what,
                        maxWait.toSeconds(),
                        file));
            }
            if (now - reported >= REPORT_EVERY.toNanos()) {
                reported = now;
                log.info(String.format(
                        Locale.ROOT,
                        "Waiting for another build to finish with %s (%d s so far;" + " lock %s)",
                        what,
                        (now - started) / 1_000_000_000L,
                        file));
            }
        }
    }
}
