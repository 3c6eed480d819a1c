package dev.stellar.finetune.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Packs a directory into a zip (written through a temporary file, entries sorted for stable output) and
 * unpacks one within limits, refusing entries that would land outside the target directory.
 */
public final class ZipFiles {

    private static final FileTime EPOCH = FileTime.fromMillis(0);

    private ZipFiles() {}

    public static void zipDirectory(Path directory, Path zip) {
        AtomicFiles.write(zip, out -> {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(directory)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            try (ZipOutputStream zipOut = new ZipOutputStream(out)) {
                for (Path file : files) {
                    ZipEntry entry =
                            new ZipEntry(directory.relativize(file).toString().replace('\\', '/'));
                    entry.setLastModifiedTime(EPOCH);
                    zipOut.setLevel(holdsWeights(file) ? Deflater.NO_COMPRESSION : Deflater.DEFAULT_COMPRESSION);
                    zipOut.putNextEntry(entry);
                    Files.copy(file, zipOut);
                    zipOut.closeEntry();
                }
            }
        });
    }

    /**
     * Weight files are packed without compression: deflate saves 8% of all-MiniLM-L6-v2's model.safetensors
     * (float weights look random to it) for 4.3 s of one core per 91 MB, and a model zip holds the weights
     * twice over (safetensors and ONNX), which made packing a third of a MiniLM fine-tune's whole build after
     * training (issue 16).
     */
    static boolean holdsWeights(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return WEIGHT_SUFFIXES.stream().anyMatch(name::endsWith);
    }

    private static final List<String> WEIGHT_SUFFIXES = List.of(".safetensors", ".onnx", ".onnx_data", ".bin", ".pt");

    /**
     * Unpacks the entries of the zip that {@code limits} allows into {@code directory}, which must exist;
     * others are skipped. Refuses, naming the archive and the entry: names that escape the folder (absolute,
     * {@code ..}), the same name twice, symbolic links, and sizes or ratios past the limits, counted while
     * copying since a declared size can lie.
     *
     * @return the names of the entries skipped
     */
    public static List<String> extract(Path zip, Path directory, UnpackLimits limits) throws IOException {
        Path root = directory.toAbsolutePath().normalize();
        Set<String> links = ZipCentralDirectory.symbolicLinks(zip);
        Set<String> seen = new HashSet<>();
        List<String> skipped = new ArrayList<>();
        long total = 0;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!seen.add(name)) {
                    throw refused(zip, name, "appears twice (which of the two is meant cannot be told)");
                }
                if (links.contains(name)) {
                    throw refused(zip, name, "is a symbolic link (a model holds only plain files)");
                }
                Path target = root.resolve(name).normalize();
                if (name.startsWith("/")
                        || name.startsWith("\\")
                        || name.contains(":")
                        || !target.startsWith(root)
                        || target.equals(root)) {
                    throw refused(zip, name, "would be written outside the folder it is unpacked into");
                }
                OptionalLong allowed = entry.isDirectory()
                        ? OptionalLong.empty()
                        : limits.maxBytes().apply(name);
                if (allowed.isEmpty()) {
                    if (!entry.isDirectory()) {
                        skipped.add(name);
                    }
                    continue;
                }
                long max = Math.min(allowed.getAsLong(), limits.maxTotalBytes() - total);
                if (entry.getSize() > max) {
                    throw tooLarge(zip, name, entry.getSize(), allowed.getAsLong(), limits);
                }
                Files.createDirectories(target.getParent());
                long bound = entry.getSize() >= 0 ? entry.getSize() : max;
                long written;
                try (InputStream in = file.getInputStream(entry)) {
                    written = copy(in, target, bound);
                }
                if (written > bound) {
                    throw written > max
                            ? tooLarge(zip, name, written, allowed.getAsLong(), limits)
                            : refused(zip, name, "holds more bytes than it declares (" + entry.getSize() + ")");
                }
                long compressed = entry.getCompressedSize();
                if (written > MIB && compressed > 0 && written / compressed > limits.maxRatio()) {
                    throw refused(
                            zip,
                            name,
                            "expands " + written / compressed + " times (" + compressed + " to " + written
                                    + " bytes), more than the " + limits.maxRatio() + " times a model file does");
                }
                total += written;
            }
        }
        return skipped;
    }

    private static final long MIB = 1 << 20;

    /** Copies at most {@code bound} + 1 bytes: one more than allowed shows the entry is too large. */
    private static long copy(InputStream in, Path target, long bound) throws IOException {
        long written = 0;
        byte[] buffer = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
            int n;
            while (written <= bound
                    && (n = in.read(buffer, 0, (int) Math.min(buffer.length, bound + 1 - written))) > 0) {
                out.write(buffer, 0, n);
                written += n;
            }
        }
        return written;
    }

    private static ZipException tooLarge(Path zip, String name, long size, long allowed, UnpackLimits limits) {
        return refused(
                zip,
                name,
                "holds " + size + " bytes or more, past the limit of " + allowed + " bytes for this" + " file or "
                        + limits.maxTotalBytes() + " bytes for the whole model");
    }

    private static ZipException refused(Path zip, String name, String problem) {
        return new ZipException("the entry '" + name + "' of " + zip + " " + problem);
    }
}
