package dev.stellar.finetune.model;

import dev.stellar.finetune.log.BuildLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One racer of {@link ArchiveCacheRaceTest}: resolves the same model zip into round after round of fresh
 * caches (as many builds starting at once would) and checks every file it is handed. Runs in the test's JVM
 * (as threads) and as separate JVMs ({@link #main}).
 */
public final class ArchiveRace {

    static final Map<String, String> FILES = Map.of(
            ModelDirectory.CONFIG, "{\"model_type\": \"bert\", \"padding\": \"" + "x".repeat(2000) + "\"}",
            ModelDirectory.WEIGHTS, "w".repeat(20_000),
            ModelDirectory.TOKENIZER, "{\"tokenizer\": \"" + "t".repeat(5000) + "\"}");

    private ArchiveRace() {}

    static void writeZip(Path zip) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (var file : FILES.entrySet()) {
                out.putNextEntry(new ZipEntry(file.getKey()));
                out.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }

    /** Waits for the start signal, then runs the rounds; returns what went wrong, one line per failure. */
    static List<String> race(Path zip, Path caches, int rounds, Path start) throws InterruptedException {
        while (!Files.exists(start)) {
            Thread.sleep(1);
        }
        List<String> failures = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            try {
                Path directory = new ArchiveModelSource(zip.getParent(), caches.resolve("round-" + round))
                        .resolve(zip.getFileName().toString(), SILENT)
                        .orElseThrow();
                for (var file : FILES.entrySet()) {
                    String read = Files.readString(directory.resolve(file.getKey()));
                    if (!read.equals(file.getValue())) {
                        failures.add("round " + round + ": " + file.getKey() + " read " + read.length() + " chars");
                    }
                }
            } catch (Exception e) {
                failures.add("round " + round + ": " + e);
            }
        }
        return failures;
    }

    /** args: zip, cache root, rounds, start-signal file. Prints failures; exit code 1 when there were any. */
    public static void main(String[] args) throws Exception {
        List<String> failures = race(Path.of(args[0]), Path.of(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
        failures.forEach(System.out::println);
        System.out.flush();
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    static final BuildLog SILENT = new BuildLog() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        @Override
        public void debug(String message) {}

        @Override
        public void progress(dev.stellar.finetune.log.Progress progress) {}
    };
}
