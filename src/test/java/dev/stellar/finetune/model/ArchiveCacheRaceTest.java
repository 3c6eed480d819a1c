package dev.stellar.finetune.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds that unpack the same model zip at once ({@code mvn -T}, parallel CI jobs sharing a cache): several
 * JVMs and several threads in each race on round after round of fresh cache entries. Every one of them must
 * be handed a complete folder, and none may fail ("Directory not empty", a file missing mid-read).
 */
class ArchiveCacheRaceTest {

    private static final int PROCESSES = 3;
    private static final int THREADS = 3;
    private static final int ROUNDS = 150;

    @TempDir
    Path temp;

    @Test
    void processesAndThreadsUnpackingTheSameZipAllReadACompleteEntry() throws Exception {
        Path zip = temp.resolve("model.zip");
        ArchiveRace.writeZip(zip);
        Path caches = temp.resolve("caches");
        Path start = temp.resolve("start");
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            processes.add(new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx64m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            ArchiveRace.class.getName(),
                            zip.toString(),
                            caches.toString(),
                            String.valueOf(ROUNDS),
                            start.toString())
                    .redirectErrorStream(true)
                    .start());
        }
        List<CompletableFuture<List<String>>> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            threads.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return ArchiveRace.race(zip, caches, ROUNDS, start);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        Thread.sleep(1500); // let the JVMs start, so all racers begin together
        Files.createFile(start);

        List<String> failures = new ArrayList<>();
        for (var thread : threads) {
            failures.addAll(thread.get(120, TimeUnit.SECONDS));
        }
        for (Process process : processes) {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "a racing JVM hung");
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0 || !output.isEmpty()) {
                failures.add("JVM exit " + process.exitValue() + ": " + output);
            }
        }
        assertEquals(
                List.of(),
                failures.subList(0, Math.min(10, failures.size())),
                failures.size() + " of " + (PROCESSES + THREADS) * ROUNDS + " unpackings failed");
        for (int round = 0; round < ROUNDS; round++) {
            try (Stream<Path> left = Files.list(caches.resolve("round-" + round))) {
                assertEquals(
                        List.of(".locks", "1"),
                        left.map(p -> p.getFileName().toString())
                                .sorted()
                                .map(n -> n.startsWith(".") ? n : "1")
                                .toList(),
                        "one entry and its lock, no debris");
            }
        }
    }
}
