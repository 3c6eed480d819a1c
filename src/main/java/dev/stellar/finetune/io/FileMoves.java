package dev.stellar.finetune.io;

import dev.stellar.finetune.engine.NativePlatform;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * The renames that publish what {@link AtomicFiles} wrote, made to hold on every file system. On Windows a file
 * that another process holds open cannot be renamed or replaced, and virus scanners open every new file for a
 * moment: such a rename fails with {@link AccessDeniedException} (or a sharing violation) and succeeds a little
 * later, so it is tried again for up to about two seconds (as Go's robustio does for the same errors). POSIX
 * renames ignore open files, so there a failure is final and reported at once. Where a file system cannot
 * rename atomically, the replaced file or folder is first renamed aside and put back if the new one cannot take
 * its place: the target always holds the old or the new content, whole.
 */
public final class FileMoves {

    /** Moves a file or folder; {@link Files#move} outside tests. */
    @FunctionalInterface
    interface Mover {
        void move(Path from, Path to, CopyOption... options) throws IOException;
    }

    /** Waits between tries; {@link Thread#sleep} outside tests. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    /** Pauses between tries: about two seconds in all, short at first as most holds are. */
    static final Duration[] PAUSES = {
        Duration.ofMillis(10),
        Duration.ofMillis(20),
        Duration.ofMillis(40),
        Duration.ofMillis(80),
        Duration.ofMillis(160),
        Duration.ofMillis(320),
        Duration.ofMillis(500),
        Duration.ofMillis(500),
        Duration.ofMillis(500)
    };

    private static final FileMoves SYSTEM =
            new FileMoves(Files::move, NativePlatform.current().os().equals("win"), d -> Thread.sleep(d.toMillis()));

    private final Mover mover;
    private final boolean openFilesBlockRenames;
    private final Pause pause;

    /**
     * @param openFilesBlockRenames whether a rename can fail for a while because another process has the file open
     *     (Windows)
     */
    FileMoves(Mover mover, boolean openFilesBlockRenames, Pause pause) {
        this.mover = mover;
        this.openFilesBlockRenames = openFilesBlockRenames;
        this.pause = pause;
    }

    /** The running system's. */
    public static FileMoves system() {
        return SYSTEM;
    }

    /**
     * Puts {@code from} in the place of {@code to} (a file, or a folder where {@code to} is missing): one atomic
     * rename where the file system has them, else {@link #replaceKeepingTheOld}.
     */
    public void replace(Path from, Path to) throws IOException {
        try {
            retrying(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            replaceKeepingTheOld(from, to);
        }
    }

    /**
     * Puts {@code from} in the place of {@code to} in two renames, the old one aside first, and puts the old one
     * back when the new one cannot take its place: never a moment with neither, never a half-copied file (a plain
     * move with REPLACE_EXISTING deletes the target first and may then fail, or copy across file systems).
     */
    public void replaceKeepingTheOld(Path from, Path to) throws IOException {
        if (!Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
            rename(from, to);
            return;
        }
        Path old = AtomicFiles.temporary(to, AtomicFiles.OLD);
        rename(to, old);
        try {
            rename(from, to);
        } catch (IOException | RuntimeException e) {
            try {
                rename(old, to);
            } catch (IOException | RuntimeException restore) {
                e.addSuppressed(restore); // the old content stays in `old`, which only a later cleanup removes
            }
            throw e;
        }
        AtomicFiles.deleteQuietly(old);
    }

    /** Renames to a name nothing holds yet: atomically where the file system can, else a plain rename. */
    public void rename(Path from, Path to) throws IOException {
        try {
            retrying(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            retrying(from, to);
        }
    }

    private void retrying(Path from, Path to, CopyOption... options) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                mover.move(from, to, options);
                return;
            } catch (FileSystemException e) {
                if (!openFilesBlockRenames || !heldOpen(e)) {
                    throw e;
                }
                if (attempt == PAUSES.length) {
                    throw stillHeld(from, to, e);
                }
                try {
                    pause.pause(PAUSES[attempt]);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * What Windows reports for a file another process holds: access denied (ERROR_ACCESS_DENIED), or the plain
     * exception Java makes of a sharing violation. Its subclasses (no such file, already exists, not empty, no
     * atomic move) are answers that do not change.
     */
    private static boolean heldOpen(FileSystemException e) {
        return e instanceof AccessDeniedException || e.getClass() == FileSystemException.class;
    }

    private static FileSystemException stillHeld(Path from, Path to, FileSystemException e) {
        FileSystemException held = new FileSystemException(
                from.toString(),
                to.toString(),
                e.getReason() + "; still so after " + (PAUSES.length + 1) + " tries over 2 s. Another program"
                        + " holds the file open (Windows cannot replace or rename an open file): close it (an"
                        + " editor, a viewer, another build) or wait for the virus scanner, and run again");
        held.initCause(e);
        return held;
    }
}
