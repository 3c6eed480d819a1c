package dev.stellar.finetune.hub;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.io.EntryLock;
import dev.stellar.finetune.io.Hashing;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.log.ProgressMeter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads repositories of the Hugging Face Hub into the shared cache: repository info, file lists, files
 * (resumed with Range after a dropped connection or a stall, checked against their SHA-256 or git SHA-1, moved into
 * place only when complete), data set and model search, and Parquet listings.
 */
public final class HubClient {

    private static final long PROGRESS_THRESHOLD = 8L << 20;
    private static final long MIB = 1L << 20;
    private static final int RESUMES = 5;

    /** Enough for any real listing (the Hub pages 1000 entries), and an end to one that never stops. */
    static final int MAX_PAGES = 10_000;

    private final HubEnvironment environment;
    private final HubCache cache;
    private final BuildLog log;
    private HubHttp http;

    /** Cheap and offline: the network settings are read at the first request. */
    public HubClient(HubEnvironment environment, BuildLog log) {
        this.environment = environment;
        this.cache = new HubCache(environment.cacheDirectory());
        this.log = log;
    }

    /** The HTTP client, made at the first request (a malformed proxy setting fails here, naming it). */
    private synchronized HubHttp http() {
        if (http == null) {
            http = new HubHttp(environment);
            warnOfATokenOverPlainHttp();
        }
        return http;
    }

    private void warnOfATokenOverPlainHttp() {
        URI endpoint = environment.endpoint();
        if (environment.token().isPresent()
                && "http".equalsIgnoreCase(endpoint.getScheme())
                && (endpoint.getHost() == null || !NoProxyRules.isLoopback(endpoint.getHost()))) {
            log.warn("The Hugging Face token will be sent unencrypted: HF_ENDPOINT is " + endpoint + ", plain http"
                    + " to another machine, so anyone on the way can read and reuse the token. Fix: use an https://"
                    + " endpoint, or unset HF_TOKEN (and the settings.xml <server>) for a server that needs none.");
        }
    }

    public HubEnvironment environment() {
        return environment;
    }

    /** The commit a revision resolves to now, and the repository's files at it. */
    public RepoInfo repoInfo(RepoType type, String repoId, String revision) throws HubResponseException {
        JsonObject json = JsonParser.parseString(http().getJson(http().url(
                                        "/api/" + type.api() + "/" + repoId + "/revision/" + HubHttp.encode(revision)))
                        .body())
                .getAsJsonObject();
        String sha = json.has("sha") ? json.get("sha").getAsString() : "";
        if (!HubNames.isCommit(sha)) {
            throw new HubResponseException(
                    200,
                    "",
                    "the Hub answered without a valid commit for " + revision,
                    http().url("/api/" + type.api() + "/" + repoId));
        }
        List<String> files = new ArrayList<>();
        if (json.has("siblings")) {
            for (JsonElement sibling : json.getAsJsonArray("siblings")) {
                String name = sibling.getAsJsonObject().get("rfilename").getAsString();
                if (HubNames.isRepoPath(name)) {
                    files.add(name);
                }
            }
        }
        String id = json.has("id") ? json.get("id").getAsString() : repoId;
        return new RepoInfo(id, sha, files);
    }

    /** Every file below {@code path} at a revision, with sizes; entries that would escape the repository are refused. */
    public List<TreeEntry> tree(RepoType type, String repoId, String revision, String path)
            throws HubResponseException {
        List<TreeEntry> entries = new ArrayList<>();
        URI next = http().url("/api/" + type.api() + "/" + repoId + "/tree/" + HubHttp.encode(revision)
                + (path.isEmpty() ? "" : "/" + HubHttp.encodePath(path)) + "?recursive=true&expand=false");
        PageTrail trail = new PageTrail(next);
        while (next != null) {
            HubHttp.JsonResponse page = http().getJson(next);
            for (JsonElement element : JsonParser.parseString(page.body()).getAsJsonArray()) {
                JsonObject entry = element.getAsJsonObject();
                if (!"file".equals(entry.get("type").getAsString())) {
                    continue;
                }
                String file = entry.get("path").getAsString();
                if (!HubNames.isRepoPath(file) || (!path.isEmpty() && !file.startsWith(path + "/"))) {
                    throw new HubResponseException(
                            200,
                            "UnsafePath",
                            "the Hub listed a file outside the requested" + " folder: " + file,
                            next);
                }
                entries.add(new TreeEntry(
                        file, entry.has("size") ? entry.get("size").getAsLong() : -1));
            }
            next = trail.follow(page.next());
        }
        return entries;
    }

    /** The Hub's Parquet conversion of a data set: config, then split, then the files' URLs. */
    public Map<String, Map<String, List<String>>> parquetListing(String datasetId) throws HubResponseException {
        JsonObject json = JsonParser.parseString(http().getJson(http().url("/api/datasets/" + datasetId + "/parquet"))
                        .body())
                .getAsJsonObject();
        Map<String, Map<String, List<String>>> configs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> config : json.entrySet()) {
            Map<String, List<String>> splits = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> split :
                    config.getValue().getAsJsonObject().entrySet()) {
                List<String> urls = new ArrayList<>();
                split.getValue().getAsJsonArray().forEach(u -> urls.add(u.getAsString()));
                splits.put(split.getKey(), urls);
            }
            configs.put(config.getKey(), splits);
        }
        return configs;
    }

    /** Data sets whose id matches {@code query}, as the Hub ranks them, at most {@code limit}. */
    public List<DatasetSummary> searchDatasets(String query, int limit) throws HubResponseException {
        return search(
                "datasets",
                query,
                "",
                limit,
                item -> new DatasetSummary(
                        item.get("id").getAsString(), number(item, "downloads"), number(item, "likes")));
    }

    /**
     * Models whose id matches {@code query}, most downloaded first, at most {@code limit}, with the
     * {@code model_type} of their config.json as the Hub read it ({@code expand=config}). An expanded listing
     * holds only the fields asked for, so downloads and likes are asked for too.
     */
    public List<ModelSummary> searchModels(String query, int limit) throws HubResponseException {
        return search(
                "models",
                query,
                "&expand=config&expand=downloads&expand=likes",
                limit,
                item -> new ModelSummary(
                        item.get("id").getAsString(),
                        modelType(item),
                        number(item, "downloads"),
                        number(item, "likes")));
    }

    /** One search, page after page (Link rel="next") until {@code limit} valid ids are read or the pages end. */
    private <T> List<T> search(String collection, String query, String fields, int limit, Function<JsonObject, T> read)
            throws HubResponseException {
        List<T> found = new ArrayList<>();
        URI next = http().url("/api/" + collection + "?search=" + HubHttp.encode(query) + "&sort=downloads&limit="
                + limit + fields);
        PageTrail trail = new PageTrail(next);
        while (next != null && found.size() < limit) {
            HubHttp.JsonResponse page = http().getJson(next);
            JsonArray items = JsonParser.parseString(page.body()).getAsJsonArray();
            for (JsonElement element : items) {
                JsonObject item = element.getAsJsonObject();
                if (HubNames.repoId(item.get("id").getAsString()).isPresent() && found.size() < limit) {
                    found.add(read.apply(item));
                }
            }
            next = trail.follow(page.next());
        }
        return found;
    }

    /** config.model_type of a listed model; null for a repository without a config.json the Hub could read. */
    private static String modelType(JsonObject item) {
        JsonElement config = item.get("config");
        if (config == null || !config.isJsonObject()) {
            return null;
        }
        JsonElement type = config.getAsJsonObject().get("model_type");
        return type != null && type.isJsonPrimitive() ? type.getAsString() : null;
    }

    /** The pages of one listing so far: a next link seen before, or too many pages, ends it with a message. */
    private static final class PageTrail {

        private final URI first;
        private final java.util.Set<URI> seen = new java.util.HashSet<>();

        PageTrail(URI first) {
            this.first = first;
            seen.add(first);
        }

        URI follow(Optional<URI> next) throws HubResponseException {
            if (next.isEmpty()) {
                return null;
            }
            if (!seen.add(next.get())) {
                throw new HubResponseException(
                        200,
                        "PagingLoop",
                        "the listing's next-page link leads back to a page" + " already read (" + next.get()
                                + "), so the listing would never end",
                        first);
            }
            if (seen.size() > MAX_PAGES) {
                throw new HubResponseException(
                        200, "TooManyPages", "the listing did not end after " + MAX_PAGES + " pages", first);
            }
            return next.get();
        }
    }

    private static long number(JsonObject item, String key) {
        return item.has(key) && !item.get(key).isJsonNull() ? item.get(key).getAsLong() : 0;
    }

    /** The commit a revision stood for when it was last resolved here or by Python, if the cache knows. */
    public Optional<String> cachedCommit(RepoType type, String repoId, String revision) throws IOException {
        return cache.commitOf(type, repoId, revision);
    }

    public void rememberRevision(RepoType type, String repoId, String revision, String commit) throws IOException {
        cache.writeRef(type, repoId, revision, commit);
    }

    public Path snapshot(RepoType type, String repoId, String commit) {
        return cache.snapshot(type, repoId, commit);
    }

    public Optional<Path> cachedFile(RepoType type, String repoId, String commit, String path) {
        return cache.cachedFile(type, repoId, commit, path);
    }

    /**
     * The file at a commit, from the cache or downloaded into it: the snapshot path, a link to the blob.
     */
    public Path download(RepoType type, String repoId, String commit, String path) throws IOException {
        Optional<Path> cached = cache.cachedFile(type, repoId, commit, path);
        if (cached.isPresent()) {
            return cached.get();
        }
        FileMetadata metadata = metadata(type, repoId, commit, path);
        Path blob = cache.blob(type, repoId, metadata.etag());
        if (!Files.isRegularFile(blob) || Files.size(blob) != metadata.size()) {
            fetch(new Wanted(type, repoId, path), metadata, cache.incomplete(type, repoId, metadata.etag()), blob);
        }
        return cache.link(type, repoId, commit, path, blob);
    }

    private FileMetadata metadata(RepoType type, String repoId, String revision, String path)
            throws HubResponseException {
        URI resolve = http().url("/" + type.urlPrefix() + repoId + "/resolve/" + HubHttp.encode(revision) + "/"
                + HubHttp.encodePath(path));
        HttpResponse<InputStream> head = http().head(resolve);
        var headers = head.headers();
        String commit = headers.firstValue("x-repo-commit").orElse("");
        String etag = headers.firstValue("x-linked-etag")
                .or(() -> headers.firstValue("etag"))
                .orElse("")
                .replace("W/", "")
                .replace("\"", "")
                .trim()
                .toLowerCase(Locale.ROOT);
        long size = headers.firstValue("x-linked-size")
                .or(() -> head.statusCode() < 300 ? headers.firstValue("content-length") : Optional.empty())
                .map(Long::parseLong)
                .orElse(-1L);
        URI location = headers.firstValue("location").map(head.uri()::resolve).orElse(head.uri());
        if (!HubNames.isCommit(commit) || !(etag.matches("[0-9a-f]{40}") || etag.matches("[0-9a-f]{64}")) || size < 0) {
            throw new HubResponseException(
                    head.statusCode(),
                    "",
                    "the Hub's answer for " + path + " lacks its commit, checksum or size",
                    resolve);
        }
        return new FileMetadata(commit, etag, size, location);
    }

    /**
     * Downloads into {@code partial} (resuming what an earlier, interrupted run left there), checks the
     * bytes against the checksum, and moves them into the blob. A file lock keeps two builds from writing
     * the same partial file.
     */
    private void fetch(Wanted wanted, FileMetadata metadata, Path partial, Path blob) throws IOException {
        String path = wanted.path();
        Files.createDirectories(partial.getParent());
        try (EntryLock ignored = cache.lock(blob, log); // across builds and threads of this JVM
                FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (Files.isRegularFile(blob) && Files.size(blob) == metadata.size()) {
                return; // another build finished it while this one waited
            }
            long have = channel.size();
            if (have > metadata.size()) {
                channel.truncate(0);
                have = 0;
            }
            if (have > 0) {
                log.info("Resuming the download of " + path + " at " + have + " of " + metadata.size() + " bytes");
            }
            ProgressMeter meter = metadata.size() >= PROGRESS_THRESHOLD
                    ? new ProgressMeter(log, "downloading " + path, (metadata.size() + MIB - 1) / MIB, "MiB")
                    : null;
            long started = System.nanoTime();
            int resumes = 0;
            while (have < metadata.size()) {
                try {
                    have = transfer(metadata, channel, have, meter);
                } catch (IOException e) {
                    if (e instanceof HubResponseException response && !response.isUnreachable()) {
                        throw e;
                    }
                    if (++resumes > RESUMES && e instanceof IdleTimeoutBody.StalledException) {
                        throw stalled(wanted, channel.size(), metadata.size(), partial, e);
                    }
                    if (resumes > RESUMES) {
                        throw e;
                    }
                    log.info("The download of " + path + " broke off at " + channel.size() + " of " + metadata.size()
                            + " bytes (" + e.getMessage() + "); resuming");
                    have = channel.size();
                    http().pause(resumes);
                }
            }
            verify(metadata, path, partial);
            log.debug(String.format(
                    Locale.ROOT,
                    "Downloaded %s: %d bytes in %.2f s",
                    path,
                    metadata.size(),
                    (System.nanoTime() - started) / 1e9));
            cache.storeBlob(partial, blob); // under the lock: a waiting build then finds the blob
        }
    }

    /** A download that kept stalling: it names the file, the repository and the setting to change. */
    private FinetuneException stalled(Wanted wanted, long have, long size, Path partial, IOException cause) {
        return new FinetuneException(
                "The download of " + wanted.path() + " from the Hugging Face "
                        + wanted.type().noun() + " " + wanted.repoId() + " did not finish in " + (RESUMES + 1)
                        + " tries, the"
                        + " last of which stalled: "
                        + cause.getMessage() + " (" + HubNetwork.DOWNLOAD_TIMEOUT + ")" + "; " + have + " of " + size
                        + " bytes are kept in " + partial + ". Fix: check the network or the proxy, or raise "
                        + HubNetwork.DOWNLOAD_TIMEOUT + " (seconds without data before a download is resumed, now "
                        + HubNetwork.describe(http().downloadTimeout())
                        + ") for a slow connection; the next build resumes"
                        + " the download where it stopped.",
                cause);
    }

    /** The file a download is for, as the user would name it. */
    private record Wanted(RepoType type, String repoId, String path) {}

    /** One GET from {@code have} on; returns how many bytes the partial file holds afterwards. */
    private long transfer(FileMetadata metadata, FileChannel channel, long have, ProgressMeter meter)
            throws IOException {
        HttpResponse<InputStream> response = http().open(metadata.location(), have);
        long position = have;
        if (response.statusCode() == 200 && have > 0) {
            channel.truncate(0); // the server ignored the Range: start over
            position = 0;
        }
        long reportedMiB = position / MIB;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                position += channel.write(java.nio.ByteBuffer.wrap(buffer, 0, n), position);
                if (meter != null && position / MIB > reportedMiB) {
                    meter.advance(position / MIB - reportedMiB, "");
                    reportedMiB = position / MIB;
                }
            }
        }
        if (position < metadata.size()) {
            throw new IOException("the connection closed after " + position + " bytes");
        }
        return position;
    }

    /** SHA-256 for LFS files (stricter than huggingface_hub, which checks only the size), git SHA-1 otherwise. */
    private static void verify(FileMetadata metadata, String path, Path partial) throws IOException {
        long size = Files.size(partial);
        String actual = metadata.isLfs() ? Hashing.sha256(partial) : Hashing.gitBlobSha1(partial);
        if (size != metadata.size() || !actual.equals(metadata.etag())) {
            Files.deleteIfExists(partial);
            throw new ChecksumMismatchException(path, metadata.etag(), actual, size, metadata.size());
        }
    }

    /** The repository's id and the commit a revision resolved to, with its files. */
    public record RepoInfo(String id, String sha, List<String> files) {}

    /** A search hit. */
    public record DatasetSummary(String id, long downloads, long likes) {}

    /** A model search hit; {@code modelType} is null when the Hub knows no config.json for it. */
    public record ModelSummary(String id, String modelType, long downloads, long likes) {}

    /** The bytes that arrived are not the file the Hub described; the partial file has been deleted. */
    public static final class ChecksumMismatchException extends IOException {

        ChecksumMismatchException(String path, String expected, String actual, long size, long expectedSize) {
            super("the download of " + path + " does not match its checksum (expected " + expected + ", got " + actual
                    + "; " + size + " of " + expectedSize + " bytes); it was deleted");
        }
    }
}
