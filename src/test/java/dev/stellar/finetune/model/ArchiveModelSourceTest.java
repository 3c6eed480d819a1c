package dev.stellar.finetune.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.log.RecordingLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model zip from elsewhere: only the model's files reach the cache; a hostile entry fails the build clearly. */
class ArchiveModelSourceTest {

    @TempDir
    Path temp;

    private Path zip(String extraName, byte[] extra) throws Exception {
        Path zip = temp.resolve("model.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (var file : ArchiveRace.FILES.entrySet()) {
                out.putNextEntry(new ZipEntry(file.getKey()));
                out.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry(extraName));
            out.write(extra);
            out.closeEntry();
        }
        return zip;
    }

    @Test
    void paddingInAModelZipNeverReachesTheCache() throws Exception {
        zip("padding.bin", new byte[64 << 20]); // 64 MiB of zeros in a zip of a few hundred KB
        RecordingLog log = new RecordingLog();
        Path unpacked = new ArchiveModelSource(temp, temp.resolve("cache"))
                .resolve("model.zip", log)
                .orElseThrow();
        try (Stream<Path> files = Files.list(unpacked)) {
            assertEquals(
                    List.of(".complete", "config.json", "model.safetensors", "tokenizer.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(
                log.infos.contains("Skipped 1 entries of model.zip that a model does not need: [padding.bin]"),
                log.all());
    }

    /** A DeBERTa-v3 model zipped as its Hub repository lays it out: the tokenizer is spm.model. */
    @Test
    void aSentencePieceModelIsUnpacked() throws Exception {
        zip("spm.model", new byte[] {10, 0});
        Path unpacked = new ArchiveModelSource(temp, temp.resolve("cache"))
                .resolve("model.zip", new RecordingLog())
                .orElseThrow();
        assertTrue(Files.isRegularFile(unpacked.resolve("spm.model")));
    }

    @Test
    void anEntryOutsideTheFolderNamesTheArchiveAndTheEntry() throws Exception {
        Path zip = zip("../../.bashrc", "echo owned".getBytes(StandardCharsets.UTF_8));
        var e = assertThrows(
                ConfigurationException.class,
                () -> new ArchiveModelSource(temp, temp.resolve("cache")).resolve("model.zip", new RecordingLog()));
        assertEquals(
                "Invalid model = model.zip: the archive " + zip + " cannot be unpacked (the entry '../../.bashrc'"
                        + " of " + zip
                        + " would be written outside the folder it is unpacked into). Fix: use a model zip made"
                        + " by finetune:freeze-and-train",
                e.getMessage());
        try (Stream<Path> left = Files.list(temp.resolve("cache"))) {
            assertEquals(
                    List.of(".locks"), left.map(p -> p.getFileName().toString()).toList(), "no half entry");
        }
    }
}
