package dev.stellar.finetune.io;

import dev.stellar.finetune.config.FinetuneException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Writes files and directories so that an interrupted build never leaves half of one: everything is
 * written under a temporary name beside the target, flushed to the disk (so a power loss after the rename
 * finds the new content, not an empty file) and moved into place when complete.
 */
public final class AtomicFiles {

    /** Writes the content of a file into the given stream. */
    @FunctionalInterface
    public interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Fills a fresh directory. */
    @FunctionalInterface
    public interface DirectoryWriter {
        void write(Path directory) throws IOException;
    }

    /** Temporaries of interrupted writes older than this are removed (a write never takes this long). */
    static final Duration STALE_AGE = Duration.ofHours(6);

    private static final String TEMP = ".tmp";
    static final String OLD = ".old";

    private AtomicFiles() {}

    public static void writeString(Path file, String content) {
        write(file, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes a file under a temporary name, flushes it to the disk and renames it into place. */
    public static void write(Path file, StreamWriter writer) {
        write(file, writer, FileMoves.system());
    }

    /** With the given renames (tests make them fail as Windows' can). */
    static void write(Path file, StreamWriter writer, FileMoves moves) {
        Path target = file.toAbsolutePath();
        Path temp = null;
        try {
            Files.createDirectories(target.getParent());
            temp = temporary(target, TEMP);
            try (FileChannel channel =
                    FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                // A writer may close its stream (a ZipOutputStream does): the channel must stay open to be forced.
                OutputStream out = new FilterOutputStream(Channels.newOutputStream(channel)) {
                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        this.out.write(bytes, offset, length);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                };
                writer.write(out);
                out.flush();
                channel.force(true);
            }
            moves.replace(temp, target);
            syncDirectory(target.getParent());
        } catch (IOException | FinetuneException e) {
            deleteQuietly(temp);
            throw failure(target, temp, e);
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
        removeStaleTemporaries(target, STALE_AGE);
    }

    /**
     * Builds a directory under a temporary name, flushes every file of it to the disk, then swaps it in for
     * {@code directory}. The old directory is kept until the new one is in place, and put back if it cannot be.
     */
    public static void replaceDirectory(Path directory, DirectoryWriter writer) {
        replaceDirectory(directory, writer, FileMoves.system());
    }

    /** With the given renames (tests make them fail as Windows' can). */
    static void replaceDirectory(Path directory, DirectoryWriter writer, FileMoves moves) {
        Path target = directory.toAbsolutePath();
        fillAndMove(target, writer, temp -> {
            moves.replaceKeepingTheOld(temp, target);
            syncDirectory(target.getParent());
        });
        removeStaleTemporaries(target, STALE_AGE);
    }

    /**
     * Builds a directory under a temporary name and renames it to {@code directory}, which must not exist:
     * a reader sees no directory or a complete one. The caller holds the entry's lock (see {@link CacheEntry}).
     */
    static void publishDirectory(Path directory, DirectoryWriter writer) {
        Path target = directory.toAbsolutePath();
        fillAndMove(target, writer, temp -> {
            FileMoves.system().rename(temp, target);
            syncDirectory(target.getParent());
        });
    }

    /**
     * Removes a file or folder so that no reader sees half of it: renamed out of sight first (a name that
     * {@link #removeStaleTemporaries} knows), then deleted. A missing path is fine.
     */
    public static void deleteOutOfSight(Path path) throws IOException {
        Path target = path.toAbsolutePath();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Path doomed = temporary(target, OLD);
            FileMoves.system().rename(target, doomed);
            deleteRecursively(doomed);
        }
    }

    /** Fills a temporary folder beside the target, flushes it, and hands it to {@code move}. */
    private static void fillAndMove(Path target, DirectoryWriter writer, DirectoryWriter move) {
        Path temp = temporary(target, TEMP);
        try {
            Files.createDirectories(temp);
            writer.write(temp);
            syncTree(temp);
            move.write(temp);
        } catch (IOException | FinetuneException e) {
            deleteQuietly(temp);
            throw failure(target, temp, e);
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    /**
     * Removes what interrupted writes of {@code target} left beside it (its temporary and old names) when
     * older than {@code age}; {@link Duration#ZERO} removes all of them, for a caller that holds the target's
     * lock and so knows no other build is writing them. Best effort: what cannot be removed stays.
     *
     * @return the paths removed
     */
    public static List<Path> removeStaleTemporaries(Path target, Duration age) {
        Path absolute = target.toAbsolutePath();
        Path parent = absolute.getParent();
        List<Path> removed = new ArrayList<>();
        if (parent == null || !Files.isDirectory(parent)) {
            return removed;
        }
        Pattern ours =
                Pattern.compile("\\." + Pattern.quote(absolute.getFileName().toString()) + "\\."
                        + "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\\.tmp|\\.old)");
        FileTime before = FileTime.from(Instant.now().minus(age));
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(
                parent, p -> ours.matcher(p.getFileName().toString()).matches())) {
            for (Path leftover : siblings) {
                try {
                    if (Files.getLastModifiedTime(leftover, LinkOption.NOFOLLOW_LINKS)
                                    .compareTo(before)
                            <= 0) {
                        deleteRecursively(leftover);
                        removed.add(leftover);
                    }
                } catch (IOException | UncheckedIOException e) {
                    // another build removed it first, or it is not ours to remove
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // an unreadable folder: nothing to clean
        }
        return removed;
    }

    /** Flushes a file, or a folder's entries, to the disk. */
    public static void sync(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            syncDirectory(path);
        } else {
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                channel.force(true);
            } catch (AccessDeniedException e) {
                try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                    channel.force(true); // a read-only file: Linux and macOS flush through any descriptor
                }
            }
        }
    }

    /** Flushes every file and folder of a tree, deepest first, so the rename that publishes it comes last. */
    public static void syncTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    sync(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                syncDirectory(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Flushes a folder's entries (a rename into it) where the OS allows; Windows refuses to open folders. */
    static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // platforms that cannot open or flush a folder: the file contents are flushed all the same
        }
    }

    /** A name beside the target that no reader looks at and {@link #removeStaleTemporaries} recognises. */
    static Path temporary(Path target, String suffix) {
        return target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + suffix);
    }

    /**
     * The failure as the user should read it: naming the real target, never the temporary that is gone. A
     * message of ours that does not name the temporary (a configuration mistake found while writing) stays.
     */
    private static FinetuneException failure(Path target, Path temp, Exception e) {
        if (e instanceof FinetuneException ours) {
            if (temp == null || ours.getMessage() == null || !ours.getMessage().contains(temp.toString())) {
                return ours;
            }
            return new FinetuneException(ours.getMessage().replace(temp.toString(), target.toString()), ours);
        }
        String detail = temp == null ? e.toString() : e.toString().replace(temp.toString(), target.toString());
        return new FinetuneException("Cannot write " + target + ": " + detail, e);
    }

    /** Deletes a file or a directory tree; a missing path is fine. */
    public static void deleteRecursively(Path path) throws IOException {
        if (path == null || !Files.exists(path)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteQuietly(Path path) {
        try {
            deleteRecursively(path);
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: the temporary name never shadows a real output
        }
    }
}
