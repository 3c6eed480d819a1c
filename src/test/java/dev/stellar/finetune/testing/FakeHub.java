package dev.stellar.finetune.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Hugging Face Hub on 127.0.0.1 that speaks the subset of the Hub's HTTP protocol the plugin's
 * Hub client uses (repo info, resolve with LFS redirects to a CDN, tree listings, the Parquet conversion
 * listing, data set and model search with config.model_type), with the faults a client must survive: renamed repos, gated repos, dropped
 * connections, corrupted content, paths escaping the cache, transient server errors and legacy ids.
 *
 * <p>Only JDK and test class path types appear in its API, so Groovy invoker scripts can use it: a
 * pre-build script calls {@code FakeHub.start(port)}, and the post-build script, loaded by another class
 * loader, stops it with {@code FakeHub.stop(port)} (which sends {@code POST /__shutdown}).
 */
public final class FakeHub implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final List<String> TINY_MODEL_FILES = List.of(
            "config.json",
            "model.safetensors",
            "tokenizer.json",
            "vocab.txt",
            "tokenizer_config.json",
            "special_tokens_map.json");

    private final HttpServer server;
    private final ExecutorService executor;
    private final String endpoint;
    private final HubStore store = new HubStore();
    private final HubFaults faults = new HubFaults();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final HubApiRoutes api;
    private final HubFileRoutes files;
    private final AtomicBoolean closed = new AtomicBoolean();

    private FakeHub(HttpServer server) {
        this.server = server;
        this.endpoint = "http://" + HOST + ":" + server.getAddress().getPort();
        HubErrorResponses errors = new HubErrorResponses(endpoint);
        this.api = new HubApiRoutes(store, faults, errors, endpoint);
        this.files = new HubFileRoutes(store, faults, errors, endpoint);
        // Unbounded: a stalled answer holds its thread, and stalls must not starve later requests.
        this.executor = Executors.newCachedThreadPool(daemonThreads("fake-hub-" + port() + "-"));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A fake Hub on an ephemeral loopback port. */
    public static FakeHub start() throws IOException {
        return start(0);
    }

    /** A fake Hub on a fixed loopback port (for ITs, whose settings must name it before the build). */
    @SuppressWarnings("AddressSelection") // HOST is an IPv4 literal: there is nothing to select
    public static FakeHub start(int port) throws IOException {
        return new FakeHub(HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), port), 0));
    }

    /** Stops the fake Hub on that loopback port from any class loader, and waits until the port is closed. */
    public static void stop(int port) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest shutdown = HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + port + "/__shutdown"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response = client.send(shutdown, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Fake Hub shutdown answered " + response.statusCode() + ": " + response.body());
        }
        awaitClosed(port, Duration.ofSeconds(10));
    }

    /** Returns once nothing accepts connections on that loopback port. */
    @SuppressWarnings("AddressSelection") // HOST is an IPv4 literal: there is nothing to select
    public static void awaitClosed(int port, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket(HOST, port)) {
                Thread.sleep(20);
            } catch (IOException refused) {
                return;
            }
        }
        throw new IOException("Port " + port + " still accepts connections after " + timeout);
    }

    /** The base URL, e.g. {@code http://127.0.0.1:43127}: what HF_ENDPOINT would be. */
    public URI endpoint() {
        return URI.create(endpoint);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * A model repo at a fresh 40-hex commit on branch main; lfsFiles are served the LFS way. Adding to an
     * existing repo pushes a new commit: older commits stay reachable by sha.
     */
    public String addModel(String repoId, Map<String, byte[]> files, Set<String> lfsFiles) {
        if (!files.keySet().containsAll(lfsFiles)) {
            throw new IllegalArgumentException("LFS files " + lfsFiles + " not all among " + files.keySet());
        }
        Map<String, HubFile> hubFiles = new LinkedHashMap<>();
        files.forEach((path, bytes) -> hubFiles.put(path, HubFile.of(path, bytes, lfsFiles.contains(path))));
        return push(store.repo(HubRepo.MODEL, repoId), "main", hubFiles);
    }

    /**
     * A dataset repo: README.md on main, and its Parquet conversion on branch refs/convert/parquet, one
     * LFS file per split: {config}/{split}/0000.parquet. Returns the commit of refs/convert/parquet.
     */
    public String addDataset(String repoId, Map<String, Map<String, byte[]>> parquetByConfigAndSplit) {
        HubRepo repo = store.repo(HubRepo.DATASET, repoId);
        byte[] readme = ("---\npretty_name: " + repoId + "\n---\n# " + repoId + "\n\nA data set of the fake Hub;"
                        + " its Parquet conversion is on branch refs/convert/parquet.\n")
                .getBytes(StandardCharsets.UTF_8);
        push(repo, "main", Map.of("README.md", HubFile.of("README.md", readme, false)));
        Map<String, HubFile> conversion = new LinkedHashMap<>();
        parquetByConfigAndSplit.forEach((config, splits) -> splits.forEach((split, bytes) -> {
            String path = config + "/" + split + "/0000.parquet";
            conversion.put(path, HubFile.of(path, bytes, true));
        }));
        return push(repo, HubApiRoutes.PARQUET_BRANCH, conversion);
    }

    private String push(HubRepo repo, String branch, Map<String, HubFile> files) {
        String sha = store.newCommitSha(repo, branch, files);
        repo.push(branch, new HubRepo.Commit(sha, files));
        return sha;
    }

    /**
     * The tiny test model as a Hub model repo: config.json, model.safetensors (LFS), tokenizer.json,
     * vocab.txt, tokenizer_config.json, special_tokens_map.json from src/test/resources/tiny-bert.
     */
    /**
     * A tiny checkpoint of src/test/resources (e.g. {@code tiny-roberta}) as {@code repoId}: every file of the
     * folder except its README and golden.json, the weights stored as LFS.
     */
    public String addFixtureModel(String repoId, String fixture) throws IOException {
        Path dir = TestModels.resource(fixture);
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (var listing = Files.list(dir)) {
            for (Path file : listing.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.equals("README.md") && !name.equals("golden.json")) {
                    files.put(name, Files.readAllBytes(file));
                }
            }
        }
        return addModel(repoId, files, Set.of("model.safetensors"));
    }

    public String addTinyModel(String repoId) throws IOException {
        Path dir = TestModels.tinyBert();
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : TINY_MODEL_FILES) {
            files.put(name, Files.readAllBytes(dir.resolve(name)));
        }
        return addModel(repoId, files, Set.of("model.safetensors"));
    }

    /**
     * A small GLUE-like data set: config "mrpc" (sentence1, sentence2, label [not_equivalent, equivalent],
     * idx) and config "sst2" (sentence, label [negative, positive], idx), each with train (64 rows),
     * validation (32) and test (32, labels -1). Returns the commit of refs/convert/parquet.
     */
    public String addGlueLike(String repoId) throws Exception {
        return addDataset(repoId, GlueLikeData.parquetFiles());
    }

    /**
     * Renames a repo ("model" or "dataset"): the old id then answers 307 redirects to the new one. The
     * repo may sit at the old id (it moves) or already at the new id (only the old id's redirect is added).
     */
    public void rename(String type, String oldId, String newId) {
        if (!HubRepo.MODEL.equals(type) && !HubRepo.DATASET.equals(type)) {
            throw new IllegalArgumentException("type must be \"model\" or \"dataset\", not " + type);
        }
        store.rename(type, oldId, newId);
    }

    /**
     * Gates the repo(s) with that id: file downloads (resolve) and the Parquet listing then need
     * {@code authorization: Bearer <token>}: none gives 401 GatedRepo, another token 403 GatedRepo. Repo
     * info and tree listings stay open and show {@code "gated":"manual"}, as on the Hub. A null token lifts it.
     */
    public void gate(String repoId, String token) {
        store.existingWithId(repoId).forEach(repo -> repo.gate(token));
    }

    /**
     * The next GET of that file (repo-relative path, via resolve or the CDN) declares the full
     * Content-Length, sends afterBytes of the body, then closes the connection. Calls queue up.
     */
    public void dropConnectionOnce(String filePath, long afterBytes) {
        faults.cutOnce(filePath, new HubFaults.Cut(afterBytes, 0));
    }

    /**
     * The next GET of that file declares the full Content-Length, sends afterBytes of the body, then goes
     * silent with the connection open for stall (or until the fake closes) before dropping it: a client
     * without a read timeout waits that long. Calls queue up.
     */
    public void stallConnectionOnce(String filePath, long afterBytes, Duration stall) {
        faults.cutOnce(filePath, new HubFaults.Cut(afterBytes, stall.toMillis()));
    }

    /**
     * The next count requests (any route but the control ones) get no answer, not even headers, for
     * silence (or until the fake closes); then they are answered as usual.
     */
    public void silenceNextRequests(int count, Duration silence) {
        faults.silenceNext(count, silence.toMillis());
    }

    /** From now on every request (but the control routes) answers 307 with a Location of itself. */
    public void loopRedirects() {
        faults.loopRedirects();
    }

    /** From now on tree listings and searches answer with a Link rel="next" to the page just served. */
    public void loopPagination() {
        faults.loopPaging();
    }

    /** From now on GETs of that file (repo-relative path) serve the same length with one byte changed. */
    public void corruptContent(String filePath) {
        faults.corrupt(filePath);
    }

    /**
     * Tree listings of that config (and recursive listings of the root) also list the files
     * "../../../escape/0000.parquet" and "/abs/x.parquet", which a client must not write.
     */
    public void addEscapingEntry(String datasetId, String config) {
        store.existing(HubRepo.DATASET, datasetId).addEscapingEntry(config);
    }

    /** The next count requests (any route but /__shutdown) answer that status, e.g. 503, before routing. */
    public void failNextRequests(int count, int status) {
        faults.failNext(count, status);
    }

    /** Every request so far, in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    /** Stops the server at once; calling it again does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    /**
     * Parquet bytes made with DuckDB: columns as name -> values (String, Long, Integer, Double, Float,
     * Boolean or null; the first non-null value sets the type), plus the features JSON stored in the
     * Parquet key-value metadata under "huggingface" as {"info":{"features":...}}, as the datasets library
     * writes it. featuresJson may be the features object or the whole {"info":...} value; null writes none.
     */
    @SuppressWarnings("NonApiType") // the columns' order is the file's: a LinkedHashMap says so
    public static byte[] parquet(LinkedHashMap<String, List<?>> columns, String featuresJson) throws Exception {
        return HubParquet.write(columns, featuresJson);
    }

    private void handle(HttpExchange http) throws IOException {
        HubExchange ex = new HubExchange(http);
        requests.add(ex.record());
        try {
            dispatch(ex);
        } catch (HubExchange.Drop drop) {
            // Leaving the handler with an exception makes the server close the connection mid-body.
            throw drop;
        } catch (IOException | RuntimeException e) {
            answerFailure(ex, e);
        }
        http.close();
    }

    private void dispatch(HubExchange ex) throws IOException {
        String path = ex.rawPath();
        if (path.startsWith("/__")) {
            control(ex);
            return;
        }
        long silence = faults.takeSilence();
        if (silence > 0) {
            try {
                Thread.sleep(silence);
            } catch (InterruptedException closing) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        int failure = faults.takeFailure();
        if (faults.redirectsLoop()) {
            ex.header("Location", ex.pathAndQuery());
            ex.headersOnly(307);
        } else if (failure != 0) {
            injectedFailure(ex, failure);
        } else if (path.startsWith("/cdn/")) {
            files.cdn(ex);
        } else if (path.equals("/api/models") || path.equals("/api/datasets")) {
            api.search(ex, path.equals("/api/models") ? HubRepo.MODEL : HubRepo.DATASET);
        } else if (path.startsWith("/api/models/")) {
            api.repo(ex, HubRepo.MODEL);
        } else if (path.startsWith("/api/datasets/")) {
            api.repo(ex, HubRepo.DATASET);
        } else {
            files.resolve(ex);
        }
    }

    /** Test control routes, exempt from injected failures so that a test can always stop the fake. */
    private void control(HubExchange ex) throws IOException {
        if (ex.rawPath().equals("/__shutdown") && "POST".equals(ex.method())) {
            ex.json(200, Map.of("status", "closing"));
            // Stopping waits for exchanges to end, so it must not run on this exchange's thread.
            new Thread(this::close, "fake-hub-shutdown").start();
        } else if (ex.rawPath().equals("/__requests") && "GET".equals(ex.method())) {
            ex.json(200, requests());
        } else {
            ex.error(404, null, HubErrorResponses.PAGE_NOT_FOUND);
        }
    }

    private static void injectedFailure(HubExchange ex, int status) throws IOException {
        if (status == 429) {
            ex.header("Retry-After", "1");
        }
        ex.json(status, Map.of("error", reason(status)));
    }

    private static String reason(int status) {
        return switch (status) {
            case 408 -> "Request Timeout";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "HTTP " + status;
        };
    }

    /** A bug in the fake or a vanished client: answer 500 if nothing went out yet, and say why. */
    private static void answerFailure(HubExchange ex, Exception e) {
        if (e instanceof RuntimeException) {
            System.err.println("FakeHub: " + ex.method() + " " + ex.pathAndQuery() + " failed: " + e);
            e.printStackTrace();
        }
        if (!ex.answered()) {
            try {
                ex.error(500, null, "Fake Hub failure: " + e);
            } catch (IOException ignored) {
                // the client is gone
            }
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
