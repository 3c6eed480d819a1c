package dev.stellar.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Maven side is a thin adapter: only dev.stellar.finetune.maven may import Maven types. */
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/stellar/finetune");

    @Test
    void theCoreHasNoMavenImport() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !SOURCES.relativize(f).startsWith("maven"))
                    .filter(ArchitectureTest::importsMaven)
                    .map(Path::toString)
                    .toList();
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void theScanSeesTheSources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES.resolve("maven"))) {
            assertTrue(
                    files.filter(Files::isRegularFile).anyMatch(ArchitectureTest::importsMaven),
                    "the maven package imports Maven types");
        }
    }

    private static boolean importsMaven(Path file) {
        try {
            return Files.readAllLines(file).stream().anyMatch(l -> l.startsWith("import org.apache.maven."));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
