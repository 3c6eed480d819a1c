package dev.stellar.finetune.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.log.RecordingLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that fails half way (the disk fills up) leaves the previous version whole and no debris. */
class AtomicFilesTest {

    @TempDir
    Path temp;

    @Test
    void aDirectoryThatFailsHalfWayLeavesThePreviousOneUntouched() throws Exception {
        Path model = temp.resolve("model");
        AtomicFiles.replaceDirectory(model, dir -> Files.writeString(dir.resolve("weights"), "old model"));
        var e = assertThrows(
                FinetuneException.class,
                () -> AtomicFiles.replaceDirectory(model, dir -> {
                    Files.writeString(dir.resolve("weights"), "half of a new mod");
                    throw new IOException("No space left on device");
                }));
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals("old model", Files.readString(model.resolve("weights")));
        assertEquals(1, entries(temp), "no temporary folder is left beside it");
    }

    @Test
    void aFileThatFailsHalfWayLeavesThePreviousOneUntouched() throws Exception {
        Path file = temp.resolve("evaluation.json");
        AtomicFiles.writeString(file, "{\"old\": true}");
        assertThrows(
                FinetuneException.class,
                () -> AtomicFiles.write(file, out -> {
                    out.write("{\"new\"".getBytes(StandardCharsets.UTF_8));
                    throw new IOException("No space left on device");
                }));
        assertEquals("{\"old\": true}", Files.readString(file));
        assertEquals(1, entries(temp));
    }

    private static long entries(Path directory) throws IOException {
        try (Stream<Path> list = Files.list(directory)) {
            return list.count();
        }
    }

    /** A zip's stream closes what it writes to: the file must still be flushed and published whole. */
    @Test
    void aWriterThatClosesItsStreamStillPublishesTheFile() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("to-zip"));
        Files.writeString(folder.resolve("config.json"), "{\"a\": 1}");
        Path zip = temp.resolve("model.zip");
        ZipFiles.zipDirectory(folder, zip);
        try (java.util.zip.ZipFile read = new java.util.zip.ZipFile(zip.toFile())) {
            assertEquals(
                    "{\"a\": 1}",
                    new String(
                            read.getInputStream(read.getEntry("config.json")).readAllBytes(),
                            java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void filesAndFoldersAreFlushedBeforeTheyArePublished() throws Exception {
        Path model = temp.resolve("model");
        AtomicFiles.replaceDirectory(model, dir -> {
            Files.writeString(Files.createDirectories(dir.resolve("tokenizer")).resolve("vocab.txt"), "[PAD]");
            Files.writeString(dir.resolve("config.json"), "{}");
            dir.resolve("config.json").toFile().setReadOnly(); // flushed through a read-only descriptor
        });
        assertEquals("{}", Files.readString(model.resolve("config.json")));
        AtomicFiles.syncTree(model);
        AtomicFiles.sync(model.resolve("tokenizer/vocab.txt"));
        AtomicFiles.sync(temp);
    }

    @Test
    void aFailureInsideANewFolderNamesTheRealFileNotTheTemporary() {
        Path checkpoint = temp.resolve("checkpoint");
        var e = assertThrows(
                FinetuneException.class,
                () -> AtomicFiles.replaceDirectory(
                        checkpoint,
                        dir -> AtomicFiles.write(dir.resolve("weights.safetensors"), out -> {
                            throw new IOException("No space left on device");
                        })));
        assertEquals(
                "Cannot write " + checkpoint.resolve("weights.safetensors").toAbsolutePath()
                        + ": java.io.IOException: No space left on device",
                e.getMessage());
    }

    @Test
    void leftoversOfAnInterruptedWriteAreRemovedOnceStaleAndAtOnceUnderTheLock() throws Exception {
        Path stale = Files.createDirectories(temp.resolve(".data.3f1c2a8e-4b7d-4c1e-9f00-123456789abc.tmp"));
        Files.writeString(stale.resolve("train.bin"), "half");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path fresh = Files.createDirectories(temp.resolve(".data.00000000-4b7d-4c1e-9f00-123456789abc.tmp"));
        Path otherName = Files.createDirectories(temp.resolve(".model.3f1c2a8e-4b7d-4c1e-9f00-123456789abc.tmp"));
        Files.setLastModifiedTime(otherName, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

        AtomicFiles.replaceDirectory(temp.resolve("data"), dir -> Files.writeString(dir.resolve("stats.json"), "{}"));
        assertFalse(Files.exists(stale), "a stale leftover of the same folder goes");
        assertTrue(Files.exists(fresh), "a fresh one may be another build's write under way");
        assertTrue(Files.exists(otherName), "another folder's leftovers are its own writes' business");

        new CacheEntry(temp.resolve("data"), "the prepared data")
                .replace(dir -> Files.writeString(dir.resolve("stats.json"), "{}"), new RecordingLog());
        assertFalse(Files.exists(fresh), "under the folder's lock no other build writes it: every leftover goes");
    }
}
