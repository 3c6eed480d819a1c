package dev.stellar.finetune.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot files point at their blob: a relative symlink where the OS makes one, a copy where it refuses. */
class HubCacheTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path temp;

    private Path blob(HubCache cache) throws IOException {
        Path blob = cache.blob(RepoType.MODEL, "org/model", "e7a1");
        Files.createDirectories(blob.getParent());
        return Files.writeString(blob, "{\"hidden_size\": 8}");
    }

    @Test
    void whereSymlinksWorkTheSnapshotFileIsARelativeLinkToTheBlob() throws Exception {
        HubCache cache = new HubCache(temp);
        Path blob = blob(cache);
        Path file = cache.link(RepoType.MODEL, "org/model", COMMIT, "sub dir/config.json", blob);
        assertTrue(Files.isSymbolicLink(file));
        assertEquals(Path.of("..", "..", "..", "blobs", "e7a1"), Files.readSymbolicLink(file));
        assertEquals(
                file,
                cache.cachedFile(RepoType.MODEL, "org/model", COMMIT, "sub dir/config.json")
                        .orElseThrow());
    }

    /** What Windows answers without Developer Mode or admin rights. */
    @Test
    void whereSymlinksAreRefusedTheSnapshotFileIsACopyOfTheBlob() throws Exception {
        HubCache cache = new HubCache(temp, (link, target) -> {
            throw new FileSystemException(link.toString(), null, "A required privilege is not held by the client");
        });
        Path blob = blob(cache);
        Path file = cache.link(RepoType.MODEL, "org/model", COMMIT, "sub dir/config.json", blob);
        assertFalse(Files.isSymbolicLink(file));
        assertTrue(Files.isRegularFile(file));
        assertEquals("{\"hidden_size\": 8}", Files.readString(file));
        assertEquals("{\"hidden_size\": 8}", Files.readString(blob), "the blob stays for other commits");
        assertEquals(
                file,
                cache.cachedFile(RepoType.MODEL, "org/model", COMMIT, "sub dir/config.json")
                        .orElseThrow());
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertEquals(1, left.count(), "no temporary is left beside it");
        }
    }

    @Test
    void aFileSystemWithoutSymlinksGetsACopyToo() throws Exception {
        HubCache cache = new HubCache(temp, (link, target) -> {
            throw new UnsupportedOperationException("no symbolic links here");
        });
        Path file = cache.link(RepoType.DATASET, "org/data", COMMIT, "train.csv", blob(cache));
        assertEquals("{\"hidden_size\": 8}", Files.readString(file));
    }
}
