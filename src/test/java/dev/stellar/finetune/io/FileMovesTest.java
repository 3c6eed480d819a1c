package dev.stellar.finetune.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.FinetuneException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renames as Windows file systems answer them (a file held open by a virus scanner or a viewer, no atomic
 * rename): retried a bounded time, never leaving a half-written file or losing the one that was there.
 */
class FileMovesTest {

    @TempDir
    Path temp;

    private final List<Duration> pauses = new ArrayList<>();

    /** Renames for real after {@code failures} refusals of the given kind. */
    private FileMoves windows(int failures, IOException refusal) {
        int[] left = {failures};
        return new FileMoves(
                (from, to, options) -> {
                    if (left[0]-- > 0) {
                        throw refusal;
                    }
                    Files.move(from, to, options);
                },
                true,
                pauses::add);
    }

    private static AccessDeniedException scanner(Path file) {
        return new AccessDeniedException(file.toString());
    }

    @Test
    void aFileAVirusScannerHoldsForAMomentIsReplacedOnALaterTry() throws Exception {
        Path file = Files.writeString(temp.resolve("evaluation.json"), "old");
        AtomicFiles.write(file, out -> out.write("new".getBytes(StandardCharsets.UTF_8)), windows(3, scanner(file)));
        assertEquals("new", Files.readString(file));
        assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40)), pauses);
        assertEquals(1, entries(temp), "no temporary is left beside it");
    }

    @Test
    void aSharingViolationIsRetriedToo() throws Exception {
        Path file = temp.resolve("report.html");
        FileSystemException sharing = new FileSystemException(
                file.toString(),
                null,
                "The process cannot access the file because it is being used by another process");
        AtomicFiles.write(file, out -> out.write("new".getBytes(StandardCharsets.UTF_8)), windows(1, sharing));
        assertEquals("new", Files.readString(file));
        assertEquals(1, pauses.size());
    }

    @Test
    void aFileHeldOpenForGoodFailsAfterAboutTwoSecondsNamingTheFileAndLeavesTheOldOneWhole() throws Exception {
        Path file = Files.writeString(temp.resolve("predictions.csv"), "old,content");
        var e = assertThrows(
                FinetuneException.class,
                () -> AtomicFiles.write(
                        file, out -> out.write("new".getBytes(StandardCharsets.UTF_8)), windows(1000, scanner(file))));
        assertEquals(FileMoves.PAUSES.length, pauses.size());
        long waited = pauses.stream().mapToLong(Duration::toMillis).sum();
        assertTrue(waited >= 1500 && waited <= 3000, waited + " ms");
        assertTrue(e.getMessage().startsWith("Cannot write " + file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("Another program holds the file open"), e.getMessage());
        assertEquals("old,content", Files.readString(file));
        assertEquals(1, entries(temp), "no temporary is left beside it");
    }

    @Test
    void onPosixARefusalIsFinalAndReportedAtOnce() throws Exception {
        Path file = Files.writeString(temp.resolve("model.onnx"), "old");
        FileMoves posix = new FileMoves(
                (from, to, options) -> {
                    throw scanner(to);
                },
                false,
                pauses::add);
        assertThrows(FinetuneException.class, () -> AtomicFiles.write(file, out -> out.write(1), posix));
        assertEquals(List.of(), pauses);
        assertEquals("old", Files.readString(file));
    }

    @Test
    void answersThatDoNotChangeAreNotRetried() {
        FileMoves moves = windows(1000, new NoSuchFileException("gone"));
        assertThrows(NoSuchFileException.class, () -> moves.replace(temp.resolve("a"), temp.resolve("b")));
        assertEquals(List.of(), pauses);
    }

    /** A file system without atomic renames: the old file goes aside, the new one in, the old one away. */
    private FileMoves withoutAtomicMoves(List<String> renames, boolean secondRenameFails) {
        return new FileMoves(
                (from, to, options) -> {
                    if (Arrays.asList(options).contains(StandardCopyOption.ATOMIC_MOVE)) {
                        throw new AtomicMoveNotSupportedException(from.toString(), to.toString(), "not here");
                    }
                    assertTrue(
                            !Arrays.asList(options).contains(StandardCopyOption.REPLACE_EXISTING),
                            "a plain replace deletes the target before it moves: " + Arrays.toString(options));
                    renames.add(from.getFileName() + " -> " + to.getFileName());
                    if (secondRenameFails && renames.size() == 2) {
                        throw new IOException("No space left on device");
                    }
                    Files.move(from, to, options);
                },
                false,
                pauses::add);
    }

    @Test
    void withoutAtomicRenamesAFileIsReplacedInTwoRenames() throws Exception {
        Path file = Files.writeString(temp.resolve("card.md"), "old");
        List<String> renames = new ArrayList<>();
        AtomicFiles.write(
                file, out -> out.write("new".getBytes(StandardCharsets.UTF_8)), withoutAtomicMoves(renames, false));
        assertEquals("new", Files.readString(file));
        assertEquals(2, renames.size(), renames.toString());
        assertTrue(renames.get(0).startsWith("card.md -> .card.md."), renames.toString());
        assertEquals(1, entries(temp), "neither the temporary nor the old file is left");
    }

    @Test
    void withoutAtomicRenamesAFailedSwapPutsTheOldDirectoryBack() throws Exception {
        Path model = temp.resolve("model");
        AtomicFiles.replaceDirectory(model, dir -> Files.writeString(dir.resolve("weights"), "old model"));
        List<String> renames = new ArrayList<>();
        assertThrows(
                FinetuneException.class,
                () -> AtomicFiles.replaceDirectory(
                        model,
                        dir -> Files.writeString(dir.resolve("weights"), "new model"),
                        withoutAtomicMoves(renames, true)));
        assertEquals(3, renames.size(), "aside, in (fails), back: " + renames);
        assertEquals("old model", Files.readString(model.resolve("weights")));
        assertEquals(1, entries(temp), "no temporary or old folder is left beside it");
    }

    @Test
    void aFolderHeldOpenOnWindowsIsSwappedOnALaterTry() throws Exception {
        Path model = temp.resolve("model");
        AtomicFiles.replaceDirectory(model, dir -> Files.writeString(dir.resolve("weights"), "old model"));
        AtomicFiles.replaceDirectory(
                model, dir -> Files.writeString(dir.resolve("weights"), "new model"), windows(2, scanner(model)));
        assertEquals("new model", Files.readString(model.resolve("weights")));
        assertEquals(2, pauses.size());
        assertEquals(1, entries(temp));
    }

    private static long entries(Path directory) throws IOException {
        try (Stream<Path> list = Files.list(directory)) {
            return list.count();
        }
    }
}
