package dev.stellar.finetune.io;

import dev.stellar.finetune.config.FinetuneException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * Writes files and directories so that an interrupted build never leaves half of one: everything is
 * written under a temporary name beside the target and moved into place when complete.
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

    private AtomicFiles() {
    }

    public static void writeString(Path file, String content) {
        write(file, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    public static void write(Path file, StreamWriter writer) {
        Path target = file.toAbsolutePath();
        Path temp = null;
        try {
            Files.createDirectories(target.getParent());
            temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                writer.write(out);
            }
            move(temp, target);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new FinetuneException("Cannot write " + target + ": " + e, e);
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    /**
     * Builds a directory under a temporary name, then swaps it in for {@code directory}. The old
     * directory is kept until the new one is in place.
     */
    public static void replaceDirectory(Path directory, DirectoryWriter writer) {
        Path target = directory.toAbsolutePath();
        String unique = UUID.randomUUID().toString();
        Path temp = target.resolveSibling("." + target.getFileName() + "." + unique + ".tmp");
        Path old = target.resolveSibling("." + target.getFileName() + "." + unique + ".old");
        try {
            Files.createDirectories(temp);
            writer.write(temp);
            if (Files.exists(target)) {
                move(target, old);
            }
            move(temp, target);
            deleteRecursively(old);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new FinetuneException("Cannot write " + target + ": " + e, e);
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
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

    private static void deleteQuietly(Path path) {
        try {
            deleteRecursively(path);
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: the temporary name never shadows a real output
        }
    }
}
