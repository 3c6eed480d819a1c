package dev.stellar.finetune.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Packs a directory into a zip (written through a temporary file), entries sorted for stable output. */
public final class ZipFiles {

    private static final FileTime EPOCH = FileTime.fromMillis(0);

    private ZipFiles() {
    }

    public static void zipDirectory(Path directory, Path zip) {
        AtomicFiles.write(zip, out -> {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(directory)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            try (ZipOutputStream zipOut = new ZipOutputStream(out)) {
                for (Path file : files) {
                    ZipEntry entry = new ZipEntry(directory.relativize(file).toString().replace('\\', '/'));
                    entry.setLastModifiedTime(EPOCH);
                    zipOut.putNextEntry(entry);
                    Files.copy(file, zipOut);
                    zipOut.closeEntry();
                }
            }
        });
    }
}
