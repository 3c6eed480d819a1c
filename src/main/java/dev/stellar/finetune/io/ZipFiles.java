package dev.stellar.finetune.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Packs a directory into a zip (written through a temporary file, entries sorted for stable output) and
 * unpacks one, refusing entries that would land outside the target directory.
 */
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

    /** Unpacks every file of the zip into {@code directory}, which must exist. */
    public static void extract(Path zip, Path directory) throws IOException {
        Path root = directory.toAbsolutePath().normalize();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    throw new ZipException("entry " + entry.getName() + " would be written outside the folder it is"
                            + " unpacked into");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, target);
                }
            }
        }
    }
}
