package dev.stellar.finetune.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.FinetuneException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        var e = assertThrows(FinetuneException.class, () -> AtomicFiles.replaceDirectory(model, dir -> {
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
        assertThrows(FinetuneException.class, () -> AtomicFiles.write(file, out -> {
            out.write("{\"new\"".getBytes());
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
}
