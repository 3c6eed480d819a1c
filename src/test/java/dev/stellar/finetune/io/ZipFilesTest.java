package dev.stellar.finetune.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking a zip someone else made: only wanted files, within bounds, no hostile entries. */
class ZipFilesTest {

    private static final UnpackLimits LIMITS = new UnpackLimits(
            name -> name.equals("big")
                    ? OptionalLong.of(64L << 20)
                    : name.startsWith("keep") ? OptionalLong.of(1000) : OptionalLong.empty(),
            100L << 20,
            100);

    @TempDir
    Path temp;

    private Path zip(Map<String, byte[]> entries) throws IOException {
        Path zip = temp.resolve("model.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (var e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return zip;
    }

    private ZipException refused(Path zip) throws IOException {
        Path into = Files.createDirectories(temp.resolve("into"));
        ZipException e = assertThrows(ZipException.class, () -> ZipFiles.extract(zip, into, LIMITS));
        assertTrue(e.getMessage().contains(" of " + zip + " "), "names the archive: " + e.getMessage());
        return e;
    }

    @Test
    void onlyTheWantedFilesAreUnpackedAndTheRestIsSkipped() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("keep.json", "{}".getBytes(StandardCharsets.UTF_8));
        entries.put("padding.bin", new byte[5 << 20]);
        entries.put("sub/", new byte[0]);
        Path into = Files.createDirectories(temp.resolve("into"));
        List<String> skipped = ZipFiles.extract(zip(entries), into, LIMITS);
        assertEquals(List.of("padding.bin"), skipped);
        try (Stream<Path> files = Files.list(into)) {
            assertEquals(
                    List.of("keep.json"),
                    files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void anEntryPastItsLimitIsRefusedBeforeItIsWritten() throws Exception {
        ZipException e = refused(zip(Map.of("keep.json", new byte[5000])));
        assertTrue(e.getMessage().startsWith("the entry 'keep.json' of "), e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith(" holds 5000 bytes or more, past the limit of 1000 bytes for this file"
                                + " or 104857600 bytes for the whole model"),
                e.getMessage());
        assertFalse(Files.exists(temp.resolve("into/keep.json")));
    }

    @Test
    void aDeclaredSizeThatLiesIsCaughtWhileCopying() throws Exception {
        Path zip = zip(Map.of("keep.json", new byte[5000]));
        patchCentral(zip, "keep.json", 24, 10); // the central directory now says 10 bytes
        ZipException e = refused(zip);
        assertEquals("the entry 'keep.json' of " + zip + " holds more bytes than it declares (10)", e.getMessage());
    }

    @Test
    void aZipBombIsRefused() throws Exception {
        ZipException e = refused(zip(Map.of("big", new byte[40 << 20])));
        assertTrue(
                e.getMessage()
                        .matches("the entry 'big' of .* expands \\d+ times \\(\\d+ to 41943040 bytes\\), more"
                                + " than the 100 times a model file does"),
                e.getMessage());
    }

    @Test
    void entriesOutsideTheFolderAreRefused() throws Exception {
        for (String name : List.of("../keep.json", "/keep.json", "keep/../../x")) {
            ZipException e = refused(zip(Map.of(name, new byte[1])));
            assertTrue(
                    e.getMessage()
                            .equals("the entry '" + name + "' of " + temp.resolve("model.zip")
                                    + " would be written outside the folder it is unpacked into"),
                    e.getMessage());
        }
    }

    @Test
    void aNameThatAppearsTwiceIsRefused() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("keep.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        entries.put("keepXjson", "{\"a\":2}".getBytes(StandardCharsets.UTF_8));
        Path zip = zip(entries);
        byte[] bytes = Files.readAllBytes(zip);
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("keepXjson", "keep.json");
        Files.write(zip, text.getBytes(StandardCharsets.ISO_8859_1));
        ZipException e = refused(zip);
        assertTrue(
                e.getMessage()
                        .endsWith("'keep.json' of " + zip + " appears twice (which of the two is meant"
                                + " cannot be told)"),
                e.getMessage());
    }

    @Test
    void aSymbolicLinkIsRefused() throws Exception {
        Path zip = zip(Map.of("keep.json", "/etc/passwd".getBytes(StandardCharsets.UTF_8)));
        patchCentral(zip, "keep.json", 4, 3 << 8 | 20); // made by Unix
        patchCentral(zip, "keep.json", 38, 0120777 << 16); // external attributes: a symlink, rwxrwxrwx
        ZipException e = refused(zip);
        assertEquals(
                "the entry 'keep.json' of " + zip + " is a symbolic link (a model holds only plain files)",
                e.getMessage());
    }

    /** Overwrites a 2- or 4-byte field of an entry's central directory header (APPNOTE 4.3.12). */
    private static void patchCentral(Path zip, String name, int field, int value) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(zip)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 46 < bytes.capacity(); i++) {
            if (bytes.getInt(i) == 0x02014b50
                    && new String(bytes.array(), i + 46, name.length(), StandardCharsets.UTF_8).equals(name)) {
                if (field == 4) {
                    bytes.putShort(i + field, (short) value);
                } else {
                    bytes.putInt(i + field, value);
                }
            }
        }
        Files.write(zip, bytes.array());
    }

    /** Weights are stored as they are, text is deflated; both come back byte for byte. */
    @Test
    void packsWeightFilesWithoutCompressionAndTextCompressed() throws Exception {
        Path model = Files.createDirectories(temp.resolve("model"));
        byte[] weights = new byte[1 << 20]; // zeros: deflate would shrink them a thousandfold
        byte[] config = "{\"hidden_size\": 384}\n".repeat(2000).getBytes(StandardCharsets.UTF_8);
        Files.write(model.resolve("model.safetensors"), weights);
        Files.write(model.resolve("model.onnx"), weights);
        Files.write(model.resolve("config.json"), config);
        Path zip = temp.resolve("packed.zip");
        ZipFiles.zipDirectory(model, zip);
        try (java.util.zip.ZipFile file = new java.util.zip.ZipFile(zip.toFile())) {
            for (String name : List.of("model.safetensors", "model.onnx")) {
                ZipEntry entry = file.getEntry(name);
                assertTrue(entry.getCompressedSize() >= weights.length, name + " " + entry.getCompressedSize());
            }
            assertTrue(file.getEntry("config.json").getCompressedSize() < config.length / 10);
        }
        Path into = Files.createDirectories(temp.resolve("unpacked"));
        ZipFiles.extract(zip, into, new UnpackLimits(name -> OptionalLong.of(10L << 20), 100L << 20, 2000));
        assertTrue(java.util.Arrays.equals(weights, Files.readAllBytes(into.resolve("model.safetensors"))));
        assertTrue(java.util.Arrays.equals(config, Files.readAllBytes(into.resolve("config.json"))));
    }
}
