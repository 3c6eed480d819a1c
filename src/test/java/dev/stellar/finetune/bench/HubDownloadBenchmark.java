package dev.stellar.finetune.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stellar.finetune.hub.HubClient;
import dev.stellar.finetune.hub.HubEnvironment;
import dev.stellar.finetune.hub.RepoType;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.testing.FakeHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints how fast one large file comes from the fake Hub on loopback into the cache (SHA-256 checked),
 * whole and with the connection dropped half way. A figure to read, not a pass mark; not part of the
 * normal build:
 * {@code ./mvnw -q test -Dtest=HubDownloadBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
class HubDownloadBenchmark {

    private static final int MIB = 200;

    @TempDir
    Path temp;

    @Test
    void oneLargeDownload() throws Exception {
        byte[] file = new byte[MIB << 20];
        new Random(1).nextBytes(file);
        try (FakeHub hub = FakeHub.start()) {
            String commit = hub.addModel("org/big", Map.of("model.safetensors", file), Set.of("model.safetensors"));
            print("whole", download(hub, commit, temp.resolve("a")), file.length);
            hub.dropConnectionOnce("model.safetensors", file.length / 2);
            print("dropped at half, resumed", download(hub, commit, temp.resolve("b")), file.length);
        }
    }

    private static double download(FakeHub hub, String commit, Path home) throws Exception {
        HubClient client = new HubClient(
                HubEnvironment.from(
                        Map.of(
                                "HF_ENDPOINT",
                                hub.endpoint().toString(),
                                "HF_HOME",
                                home.toString(),
                                "FINETUNE_HUB_RETRY_PAUSE_MS",
                                "10"),
                        home),
                new RecordingLog());
        long start = System.nanoTime();
        Path path = client.download(RepoType.MODEL, "org/big", commit, "model.safetensors");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(MIB << 20, Files.size(path));
        return seconds;
    }

    private static void print(String what, double seconds, long bytes) {
        System.out.printf(
                Locale.ROOT,
                "Hub download (%s): %,d bytes in %.2f s, %.1f MB/s%n",
                what,
                bytes,
                seconds,
                bytes / seconds / 1e6);
    }
}
