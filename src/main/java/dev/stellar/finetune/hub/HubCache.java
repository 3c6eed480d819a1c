package dev.stellar.finetune.hub;

import dev.stellar.finetune.io.AtomicFiles;
import dev.stellar.finetune.io.CacheEntry;
import dev.stellar.finetune.io.EntryLock;
import dev.stellar.finetune.io.FileMoves;
import dev.stellar.finetune.log.BuildLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * huggingface_hub's cache layout, so files downloaded by Python are used here and the other way round:
 * {@code <type>--<org>--<name>/blobs/<etag>}, {@code snapshots/<commit>/<path>} as relative symlinks to
 * the blobs (real files where symlinks cannot be made), and {@code refs/<revision>} holding the commit.
 */
final class HubCache {

    private static final String CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n"
            + "# This file is a cache directory tag created by huggingface_hub (and finetune-maven-plugin).\n";

    /** Makes a symbolic link; {@link Files#createSymbolicLink} outside tests. */
    @FunctionalInterface
    interface SymbolicLinks {
        void create(Path link, Path target) throws IOException;
    }

    private final Path root;
    private final SymbolicLinks links;

    HubCache(Path root) {
        this(root, (link, target) -> Files.createSymbolicLink(link, target));
    }

    /** With the given symlink maker (tests refuse links as Windows does without Developer Mode). */
    HubCache(Path root, SymbolicLinks links) {
        this.root = root;
        this.links = links;
    }

    Path root() {
        return root;
    }

    Path repoDirectory(RepoType type, String repoId) {
        return root.resolve(type.cachePrefix() + "--" + repoId.replace("/", "--"));
    }

    /** The commit a revision stands for: itself when it is one, else what refs/ remembers. */
    Optional<String> commitOf(RepoType type, String repoId, String revision) throws IOException {
        if (HubNames.isCommit(revision)) {
            return Optional.of(revision);
        }
        Path ref = repoDirectory(type, repoId).resolve("refs").resolve(revision);
        if (!Files.isRegularFile(ref)) {
            return Optional.empty();
        }
        String commit = Files.readString(ref, StandardCharsets.UTF_8).trim();
        return HubNames.isCommit(commit) ? Optional.of(commit) : Optional.empty();
    }

    /** Remembers the commit of a branch or tag: the 40 hex digits without a newline, as Python writes it. */
    void writeRef(RepoType type, String repoId, String revision, String commit) throws IOException {
        if (revision.equals(commit)) {
            return;
        }
        Path ref = repoDirectory(type, repoId).resolve("refs").resolve(revision);
        Files.createDirectories(ref.getParent());
        Path temp = ref.resolveSibling("." + ref.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Files.writeString(temp, commit, StandardCharsets.UTF_8);
        move(temp, ref);
        tag();
    }

    Path snapshot(RepoType type, String repoId, String commit) {
        return repoDirectory(type, repoId).resolve("snapshots").resolve(commit);
    }

    /** The file of a commit, if it is cached and its blob is really there. */
    Optional<Path> cachedFile(RepoType type, String repoId, String commit, String path) {
        Path file = snapshot(type, repoId, commit).resolve(path);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    Path blob(RepoType type, String repoId, String etag) {
        return repoDirectory(type, repoId).resolve("blobs").resolve(etag);
    }

    /** Where a blob is downloaded to before it is checked and moved into place; resumable across runs. */
    Path incomplete(RepoType type, String repoId, String etag) {
        return repoDirectory(type, repoId).resolve("blobs").resolve(etag + ".incomplete");
    }

    /**
     * The lock of one blob, where huggingface_hub keeps it ({@code .locks/<repo folder>/<etag>.lock}): held
     * while the blob is downloaded and moved into place, so two builds (or two threads) never write it at once.
     */
    EntryLock lock(Path blob, BuildLog log) {
        Path repo = blob.getParent().getParent().getFileName();
        return EntryLock.acquire(
                root.resolve(CacheEntry.LOCKS).resolve(repo.toString()).resolve(blob.getFileName() + ".lock"),
                "the download of " + blob,
                log);
    }

    /** Moves a finished download into blobs/ (atomically), flushed first so a power loss leaves no empty blob. */
    void storeBlob(Path downloaded, Path blob) throws IOException {
        Files.createDirectories(blob.getParent());
        AtomicFiles.sync(downloaded);
        move(downloaded, blob);
        AtomicFiles.sync(blob.getParent());
        tag();
    }

    /**
     * Makes snapshots/commit/path point at the blob: a relative symlink, or a copy where links fail, as
     * huggingface_hub does (Windows without Developer Mode or admin rights refuses symlinks with "A required
     * privilege is not held by the client"; FAT, exFAT and some network mounts have none). The copy is flushed
     * before it is renamed into place, like every file the cache publishes.
     */
    Path link(RepoType type, String repoId, String commit, String path, Path blob) throws IOException {
        Path file = snapshot(type, repoId, commit).resolve(path);
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            links.create(temp, file.getParent().relativize(blob));
        } catch (IOException | UnsupportedOperationException e) {
            Files.deleteIfExists(temp);
            Files.copy(blob, temp);
            AtomicFiles.sync(temp);
        }
        move(temp, file);
        return file;
    }

    private void tag() throws IOException {
        Path tag = root.resolve("CACHEDIR.TAG");
        if (!Files.exists(tag)) {
            Files.createDirectories(root);
            Files.writeString(tag, CACHEDIR_TAG, StandardCharsets.UTF_8);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        FileMoves.system().replace(from, to);
    }
}
