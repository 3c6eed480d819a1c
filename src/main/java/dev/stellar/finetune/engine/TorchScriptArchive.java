package dev.stellar.finetune.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a TorchScript module archive from its source text, so libtorch ops DJL's JNI lacks (fused
 * attention, bf16 matrix products) are reachable without Python: libtorch compiles the source when the
 * archive is loaded. The archive is a stored zip of {@code <name>/code/__torch__.py} (the module class),
 * {@code data.pkl} (a pickle of the module object), {@code constants.pkl} and {@code version}.
 */
public final class TorchScriptArchive {

    private TorchScriptArchive() {}

    /**
     * @param className the module class declared in {@code source} (under {@code __torch__})
     * @param source the TorchScript source of {@code code/__torch__.py}
     */
    public static void write(Path file, String className, String source) throws IOException {
        String root = "archive/";
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            stored(zip, root + "data.pkl", modulePickle(className));
            stored(zip, root + "code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
            stored(zip, root + "constants.pkl", new byte[] {(byte) 0x80, 0x02, 0x29, 0x2e});
            stored(zip, root + "version", "3\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void stored(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    /**
     * Pickle protocol 2 of the module object: {@code __torch__.<className>} built from an empty tuple, with
     * the state {training: True, _is_full_backward_hook: None}.
     */
    static byte[] modulePickle(String className) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x80);
        p.write(0x02); // PROTO 2
        writeAscii(p, "c__torch__\n" + className + "\n"); // GLOBAL
        p.write(')'); // EMPTY_TUPLE
        p.write(0x81); // NEWOBJ
        p.write('}'); // EMPTY_DICT
        p.write('('); // MARK
        unicode(p, "training");
        p.write(0x88); // NEWTRUE
        unicode(p, "_is_full_backward_hook");
        p.write('N'); // NONE
        p.write('u'); // SETITEMS
        p.write('b'); // BUILD
        p.write('.'); // STOP
        return p.toByteArray();
    }

    private static void unicode(ByteArrayOutputStream p, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        p.write('X'); // BINUNICODE, 4-byte little-endian length
        p.write(bytes.length & 0xff);
        p.write((bytes.length >> 8) & 0xff);
        p.write((bytes.length >> 16) & 0xff);
        p.write((bytes.length >> 24) & 0xff);
        p.write(bytes, 0, bytes.length);
    }

    private static void writeAscii(ByteArrayOutputStream p, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        p.write(bytes, 0, bytes.length);
    }
}
