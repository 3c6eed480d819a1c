package dev.stellar.finetune.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.BaseModel;
import dev.stellar.finetune.model.LocalDirectorySource;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelSources;
import dev.stellar.finetune.testing.FakeHub;
import dev.stellar.finetune.testing.RecordedRequest;
import dev.stellar.finetune.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models from the Hub against a fake Hub on loopback: downloads, the shared cache, and every failure. */
class HubModelSourceTest {

    private static final String TOKEN = "hf_secretTOKEN123";

    @TempDir
    Path home;

    private FakeHub hub;

    @BeforeEach
    void start() throws Exception {
        hub = FakeHub.start();
        hub.addTinyModel("google-bert/tiny-bert");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of(
                "HF_ENDPOINT",
                hub.endpoint().toString(),
                "HF_HOME",
                home.resolve("hf").toString(),
                "FINETUNE_HUB_RETRY_PAUSE_MS",
                "5"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private Path resolve(String id, RecordingLog log, String... env) {
        HubClient client = new HubClient(HubEnvironment.from(env(env), home), log);
        return new HubModelSource(client, "main").resolve(id, log).orElseThrow();
    }

    @Test
    void downloadsIntoTheLayoutPythonUses() throws Exception {
        RecordingLog log = new RecordingLog();
        Path snapshot = resolve("google-bert/tiny-bert", log);
        Path repo = home.resolve("hf/hub/models--google-bert--tiny-bert");
        String commit = Files.readString(repo.resolve("refs/main"), StandardCharsets.UTF_8);
        assertTrue(commit.matches("[0-9a-f]{40}"), "refs/main holds the bare commit: '" + commit + "'");
        assertEquals(repo.resolve("snapshots").resolve(commit), snapshot);
        Path weights = snapshot.resolve("model.safetensors");
        assertTrue(Files.isSymbolicLink(weights), "snapshots link to blobs");
        assertEquals("../../blobs", Files.readSymbolicLink(weights).getParent().toString());
        assertArrayEquals(
                Files.readAllBytes(TestModels.tinyBert().resolve("model.safetensors")), Files.readAllBytes(weights));
        assertTrue(Files.isRegularFile(home.resolve("hf/hub/CACHEDIR.TAG")));
        assertEquals(
                2,
                ModelDirectory.open(snapshot, "google-bert/tiny-bert").config().numLayers());
    }

    /** Builds of one JVM ({@code mvn -T}) downloading the same model into one cache, round after round. */
    @Test
    void threadsDownloadingTheSameModelShareTheCache() throws Exception {
        byte[] weights = Files.readAllBytes(TestModels.tinyBert().resolve("model.safetensors"));
        for (int round = 0; round < 8; round++) {
            String hfHome = home.resolve("hf-" + round).toString();
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.CompletableFuture<Path>> racers = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                racers.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return resolve("google-bert/tiny-bert", new RecordingLog(), "HF_HOME", hfHome);
                }));
            }
            start.countDown();
            Path first = racers.get(0).get(60, java.util.concurrent.TimeUnit.SECONDS);
            for (var racer : racers) {
                Path snapshot = racer.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(first, snapshot);
                assertArrayEquals(weights, Files.readAllBytes(snapshot.resolve("model.safetensors")));
            }
        }
        assertTrue(
                Files.isDirectory(home.resolve("hf-0/hub/.locks/models--google-bert--tiny-bert")),
                "locks where huggingface_hub keeps them");
    }

    @Test
    void aHubModelIsKnownByItsIdAndItsCardBringsTheLicense() throws Exception {
        Map<String, byte[]> files = new HashMap<>();
        for (String name : Set.of("config.json", "model.safetensors", "tokenizer.json")) {
            files.put(name, Files.readAllBytes(TestModels.tinyBert().resolve(name)));
        }
        files.put(
                "README.md",
                "---\nlanguage: en\nlicense: apache-2.0\n---\n# A card\n".getBytes(StandardCharsets.UTF_8));
        hub.addModel("acme/licensed-bert", files, Set.of("model.safetensors"));
        RecordingLog log = new RecordingLog();
        HubClient client = new HubClient(HubEnvironment.from(env(), home), log);
        ModelSources sources =
                new ModelSources(List.of(new LocalDirectorySource(home), new HubModelSource(client, "main")));

        ModelDirectory model = sources.resolve("acme/licensed-bert", log);
        assertEquals(new BaseModel("acme/licensed-bert", "apache-2.0"), BaseModel.of(model));
        Files.createDirectories(home.resolve("acme/licensed-bert"));
        Files.copy(TestModels.tinyBert().resolve("config.json"), home.resolve("acme/licensed-bert/config.json"));
        Files.copy(
                TestModels.tinyBert().resolve("model.safetensors"),
                home.resolve("acme/licensed-bert/model.safetensors"));
        Files.copy(TestModels.tinyBert().resolve("vocab.txt"), home.resolve("acme/licensed-bert/vocab.txt"));
        assertEquals(
                new BaseModel(null, null),
                BaseModel.of(sources.resolve("acme/licensed-bert", log)),
                "a local directory of the same name wins, and is no Hub model");
    }

    @Test
    void theSecondRunNeedsNoNetwork() throws Exception {
        Path first = resolve("google-bert/tiny-bert", new RecordingLog());
        hub.close();
        assertEquals(first, resolve("google-bert/tiny-bert", new RecordingLog(), "HF_HUB_OFFLINE", "1"));
        RecordingLog log = new RecordingLog();
        assertEquals(first, resolve("google-bert/tiny-bert", log));
        assertTrue(log.warnings.get(0).startsWith("The Hub could not be reached"), log.all());
    }

    @Test
    void offlineWithoutTheModelCachedSaysWhatIsMissing() {
        var e = assertThrows(
                ConfigurationException.class,
                () -> resolve("google-bert/tiny-bert", new RecordingLog(), "HF_HUB_OFFLINE", "1"));
        assertTrue(
                e.getMessage().startsWith("Invalid model = google-bert/tiny-bert: the model is needed offline"),
                e.getMessage());
        assertTrue(
                e.getMessage().contains("google-bert/tiny-bert at revision main is not in the Hugging Face cache"),
                e.getMessage());
    }

    @Test
    void aRenamedRepositoryIsFollowed() throws Exception {
        hub.rename("model", "tiny-bert", "google-bert/tiny-bert");
        Path snapshot = resolve("tiny-bert", new RecordingLog());
        assertTrue(snapshot.startsWith(home.resolve("hf/hub/models--tiny-bert")), "cached under the name asked for");
        assertTrue(Files.isRegularFile(snapshot.resolve("config.json")));
    }

    @Test
    void aGatedModelAsksForATokenAndNeverPrintsOne() throws Exception {
        hub.gate("google-bert/tiny-bert", TOKEN);
        var anonymous =
                assertThrows(ConfigurationException.class, () -> resolve("google-bert/tiny-bert", new RecordingLog()));
        assertTrue(anonymous.getMessage().contains("is gated"), anonymous.getMessage());
        assertTrue(
                anonymous.getMessage().contains("set HF_TOKEN or a <server> with id huggingface"),
                anonymous.getMessage());
        var wrong = assertThrows(
                ConfigurationException.class,
                () -> resolve("google-bert/tiny-bert", new RecordingLog(), "HF_TOKEN", "hf_wrong"));
        assertTrue(wrong.getMessage().contains("has not been granted access (HTTP 403)"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("hf_wrong"), "the token is not in the message");

        RecordingLog log = new RecordingLog();
        Path snapshot = resolve("google-bert/tiny-bert", log, "HF_TOKEN", TOKEN);
        assertTrue(Files.isRegularFile(snapshot.resolve("model.safetensors")));
        assertFalse(log.all().contains(TOKEN) || String.join("", log.debugs).contains(TOKEN), "no token in the log");
        assertTrue(
                hub.requests().stream()
                        .anyMatch(r -> ("Bearer " + TOKEN).equals(r.headers().get("authorization"))),
                "the token is sent to the Hub");
    }

    @Test
    void aMissingModelNamesTheIdAndTheFix() {
        var e = assertThrows(ConfigurationException.class, () -> resolve("nobody/nothing", new RecordingLog()));
        assertTrue(
                e.getMessage()
                        .startsWith("Invalid model = nobody/nothing: no model of that id was found on the"
                                + " Hugging Face Hub at " + hub.endpoint()),
                e.getMessage());
    }

    @Test
    void aConnectionDroppedMidFileResumesWithARange() throws Exception {
        hub.dropConnectionOnce("model.safetensors", 1_000_000);
        RecordingLog log = new RecordingLog();
        Path snapshot = resolve("google-bert/tiny-bert", log);
        assertArrayEquals(
                Files.readAllBytes(TestModels.tinyBert().resolve("model.safetensors")),
                Files.readAllBytes(snapshot.resolve("model.safetensors")));
        assertTrue(
                log.infos.stream().anyMatch(l -> l.startsWith("The download of model.safetensors broke off at")),
                log.all());
        // What arrived before the connection broke (at most the 1,000,000 bytes sent) is kept and resumed from.
        assertTrue(
                hub.requests().stream()
                        .map(RecordedRequest::headers)
                        .map(h -> h.get("range"))
                        .filter(r -> r != null && r.matches("bytes=\\d+-"))
                        .mapToLong(r -> Long.parseLong(r.substring(6, r.length() - 1)))
                        .anyMatch(from -> from > 0 && from <= 1_000_000),
                "resumed with Range: " + hub.requests());
    }

    @Test
    void aDownloadAKilledBuildLeftPartlyDoneResumes() throws Exception {
        byte[] weights = Files.readAllBytes(TestModels.tinyBert().resolve("model.safetensors"));
        String sha256 = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(weights));
        Path partial = home.resolve("hf/hub/models--google-bert--tiny-bert/blobs/" + sha256 + ".incomplete");
        Files.createDirectories(partial.getParent());
        Files.write(partial, java.util.Arrays.copyOf(weights, 1_500_000));
        RecordingLog log = new RecordingLog();
        Path snapshot = resolve("google-bert/tiny-bert", log);
        assertArrayEquals(weights, Files.readAllBytes(snapshot.resolve("model.safetensors")));
        assertTrue(
                log.infos.contains(
                        "Resuming the download of model.safetensors at 1500000 of " + weights.length + " bytes"),
                log.all());
        assertTrue(hub.requests().stream()
                .anyMatch(r -> "bytes=1500000-".equals(r.headers().get("range"))));
        assertFalse(Files.exists(partial), "the partial file became the blob");
    }

    @Test
    void aChecksumMismatchDeletesTheFileAndFails() throws Exception {
        hub.corruptContent("model.safetensors");
        var e = assertThrows(FinetuneException.class, () -> resolve("google-bert/tiny-bert", new RecordingLog()));
        assertTrue(e.getMessage().contains("does not match its checksum"), e.getMessage());
        Path blobs = home.resolve("hf/hub/models--google-bert--tiny-bert/blobs");
        try (var files = Files.list(blobs)) {
            assertFalse(
                    files.anyMatch(
                            f -> f.toFile().length() == 4000424L || f.toString().endsWith(".incomplete")),
                    "no damaged blob or partial file is left");
        }
    }

    @Test
    void serverErrorsAreRetried() throws Exception {
        hub.failNextRequests(3, 503);
        assertTrue(Files.isRegularFile(
                resolve("google-bert/tiny-bert", new RecordingLog()).resolve("config.json")));
    }

    @Test
    void aShardedCheckpointComesWithItsIndex() throws Exception {
        Map<String, byte[]> files = new HashMap<>();
        com.google.gson.JsonObject weightMap = new com.google.gson.JsonObject();
        try (var original = dev.stellar.finetune.io.SafetensorsFile.open(
                TestModels.tinyBert().resolve("model.safetensors"))) {
            java.util.List<dev.stellar.finetune.io.Tensor> first = new java.util.ArrayList<>();
            java.util.List<dev.stellar.finetune.io.Tensor> second = new java.util.ArrayList<>();
            for (var info : original.tensors().values()) {
                var tensor = dev.stellar.finetune.io.Tensor.ofFloats(
                        info.name(), info.shape(), original.floats(info.name()));
                boolean embeddings = info.name().startsWith("embeddings.");
                (embeddings ? first : second).add(tensor);
                weightMap.addProperty(
                        info.name(),
                        embeddings ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
            }
            Path shards = home.resolve("shards");
            dev.stellar.finetune.io.SafetensorsWriter.write(shards.resolve("a"), Map.of(), first);
            dev.stellar.finetune.io.SafetensorsWriter.write(shards.resolve("b"), Map.of(), second);
            files.put("model-00001-of-00002.safetensors", Files.readAllBytes(shards.resolve("a")));
            files.put("model-00002-of-00002.safetensors", Files.readAllBytes(shards.resolve("b")));
        }
        com.google.gson.JsonObject index = new com.google.gson.JsonObject();
        index.add("weight_map", weightMap);
        files.put("model.safetensors.index.json", index.toString().getBytes(StandardCharsets.UTF_8));
        for (String name : java.util.List.of("config.json", "tokenizer.json", "vocab.txt")) {
            files.put(name, Files.readAllBytes(TestModels.tinyBert().resolve(name)));
        }
        hub.addModel(
                "org/sharded", files, Set.of("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"));
        Path snapshot = resolve("org/sharded", new RecordingLog());
        ModelDirectory directory = ModelDirectory.open(snapshot, "org/sharded");
        try (var checkpoint = dev.stellar.finetune.model.Checkpoint.open(directory)) {
            assertEquals(weightMap.size(), checkpoint.names().size());
        }
    }

    /** A repository as microsoft/deberta-v3-* lay theirs out: the tokenizer is spm.model, with no tokenizer.json. */
    private Map<String, byte[]> sentencePieceRepo(String... tokenizerFiles) throws Exception {
        Map<String, byte[]> files = new HashMap<>();
        for (String name : List.of("config.json", "model.safetensors")) {
            files.put(name, Files.readAllBytes(TestModels.tinyBert().resolve(name)));
        }
        for (String name : tokenizerFiles) {
            Path folder = name.equals("tokenizer.json") ? TestModels.tinyBert() : TestModels.resource("spm-deberta-v3");
            files.put(name, Files.readAllBytes(folder.resolve(name)));
        }
        return files;
    }

    private List<String> downloaded() {
        return hub.requests().stream()
                .map(RecordedRequest::pathAndQuery)
                .filter(path -> path.contains("/resolve/"))
                .map(path -> path.substring(path.lastIndexOf('/') + 1))
                .distinct() // a HEAD for the metadata, then the GET
                .sorted()
                .toList();
    }

    @Test
    void aRepositoryWithOnlySpmModelHasItDownloaded() throws Exception {
        hub.addModel(
                "microsoft/tiny-deberta-v3",
                sentencePieceRepo("spm.model", "tokenizer_config.json"),
                Set.of("model.safetensors"));
        RecordingLog log = new RecordingLog();
        Path snapshot = resolve("microsoft/tiny-deberta-v3", log);
        assertEquals(List.of("config.json", "model.safetensors", "spm.model", "tokenizer_config.json"), downloaded());
        assertEquals(
                snapshot.resolve("spm.model"),
                ModelDirectory.open(snapshot, "microsoft/tiny-deberta-v3").tokenizerSource());
        assertTrue(
                log.infos.stream().anyMatch(line -> line.contains("spm.model")),
                "the download line names it: " + log.infos);
    }

    @Test
    void spmModelIsNotDownloadedBesideATokenizerJson() throws Exception {
        hub.addModel(
                "org/both",
                sentencePieceRepo("tokenizer.json", "spm.model", "tokenizer_config.json"),
                Set.of("model.safetensors"));
        Path snapshot = resolve("org/both", new RecordingLog());
        assertFalse(downloaded().contains("spm.model"), downloaded().toString());
        assertEquals(
                snapshot.resolve("tokenizer.json"),
                ModelDirectory.open(snapshot, "org/both").tokenizerSource());
    }

    @Test
    void aRepositoryWithoutTokenizerFilesIsRefusedNamingThem() throws Exception {
        hub.addModel("org/untokenized", sentencePieceRepo("tokenizer_config.json"), Set.of("model.safetensors"));
        var e = assertThrows(ConfigurationException.class, () -> resolve("org/untokenized", new RecordingLog()));
        assertEquals(
                "Invalid model = org/untokenized: the repository has no tokenizer: neither tokenizer.json nor"
                        + " spm.model nor vocab.txt. Fix: use a model repository that ships its tokenizer",
                e.getMessage());
    }

    @Test
    void aPickleOnlyModelAsksForSafetensors() throws Exception {
        hub.addModel(
                "old/bert",
                Map.of(
                        "config.json",
                        Files.readAllBytes(TestModels.tinyBert().resolve("config.json")),
                        "pytorch_model.bin",
                        new byte[] {1, 2, 3},
                        "vocab.txt",
                        "[PAD]\n".getBytes(StandardCharsets.UTF_8)),
                Set.of("pytorch_model.bin"));
        var e = assertThrows(ConfigurationException.class, () -> resolve("old/bert", new RecordingLog()));
        assertTrue(
                e.getMessage().contains("only pytorch_model.bin, a Python pickle this plugin does not execute"),
                e.getMessage());
        assertTrue(e.getMessage().contains("set <modelRevision> to a revision with model.safetensors"), e.getMessage());
    }

    /** A server that stalls holds the connection this long: far beyond the client's 1 s timeout in these tests. */
    private static final Duration STALL = Duration.ofSeconds(60);
    /** A generous bound on a build against a stalling server: without read timeouts it waits forever. */
    private static final Duration NO_HANG = Duration.ofSeconds(45);

    @Test
    void aDownloadThatStallsMidFileResumesWithARange() throws Exception {
        hub.stallConnectionOnce("model.safetensors", 1_000_000, STALL);
        RecordingLog log = new RecordingLog();
        Path snapshot = assertTimeoutPreemptively(
                NO_HANG, () -> resolve("google-bert/tiny-bert", log, "HF_HUB_DOWNLOAD_TIMEOUT", "1"));
        assertArrayEquals(
                Files.readAllBytes(TestModels.tinyBert().resolve("model.safetensors")),
                Files.readAllBytes(snapshot.resolve("model.safetensors")));
        assertTrue(
                log.infos.stream()
                        .anyMatch(l -> l.startsWith("The download of model.safetensors broke off at")
                                && l.endsWith("(no data arrived for 1 s); resuming")),
                log.all());
        assertTrue(
                hub.requests().stream()
                        .anyMatch(r -> "bytes=1000000-".equals(r.headers().get("range"))),
                "resumed from the bytes that arrived: " + hub.requests());
    }

    @Test
    void aDownloadThatKeepsStallingFailsNamingTheFileTheRepoAndTheSetting() {
        for (int i = 0; i < 6; i++) {
            hub.stallConnectionOnce("model.safetensors", 1000 + i, STALL);
        }
        var e = assertTimeoutPreemptively(
                NO_HANG,
                () -> assertThrows(
                        FinetuneException.class,
                        () -> resolve("google-bert/tiny-bert", new RecordingLog(), "HF_HUB_DOWNLOAD_TIMEOUT", "1")));
        String message = e.getMessage();
        assertTrue(
                message.startsWith("The download of model.safetensors from the Hugging Face model"
                        + " google-bert/tiny-bert did not finish in 6 tries, the last of which stalled: no data arrived for 1 s"
                        + " (HF_HUB_DOWNLOAD_TIMEOUT); 6015 of 4000424 bytes are kept in "),
                message); // 1000 + 1001 + ... + 1005 bytes arrived before the stalls
        assertTrue(
                message.contains("Fix: check the network or the proxy, or raise HF_HUB_DOWNLOAD_TIMEOUT (seconds"
                        + " without data before a download is resumed, now 1 s)"),
                message);
        assertTrue(message.endsWith("the next build resumes the download where it stopped."), message);
    }

    @Test
    void aMalformedTimeoutIsNamedBeforeAnyRequest() {
        var e = assertThrows(
                FinetuneException.class,
                () -> resolve("google-bert/tiny-bert", new RecordingLog(), "HF_HUB_DOWNLOAD_TIMEOUT", "ten"));
        assertEquals(
                "Invalid HF_HUB_DOWNLOAD_TIMEOUT = ten: is not a number of seconds above 0 (and at most 86400)."
                        + " Fix: set it to the seconds to wait for the Hub, e.g. 10 (the default), or unset it",
                e.getMessage());
        assertTrue(hub.requests().isEmpty(), "nothing was asked: " + hub.requests());
    }

    @Test
    void throughAnAuthenticatingProxyWithPlainHttpTheTokenIsWarnedOfOnceAndNeverLogged() throws Exception {
        // The fake Hub doubles as the proxy: a proxy gets absolute URLs, and the fake answers them.
        String proxy = "http://alice:s%40cret@127.0.0.1:" + hub.port();
        RecordingLog log = new RecordingLog();
        Path snapshot = resolve(
                "google-bert/tiny-bert",
                log,
                "HF_ENDPOINT",
                "http://hub.example",
                "HTTP_PROXY",
                proxy,
                "HF_TOKEN",
                TOKEN);
        assertTrue(Files.isRegularFile(snapshot.resolve("model.safetensors")));
        String basic = "Basic "
                + java.util.Base64.getEncoder().encodeToString("alice:s@cret".getBytes(StandardCharsets.UTF_8));
        List<RecordedRequest> api = hub.requests().stream()
                .filter(r -> r.pathAndQuery().startsWith("/api/"))
                .toList();
        assertFalse(api.isEmpty());
        assertTrue(
                api.stream()
                        .allMatch(r -> basic.equals(r.headers().get("proxy-authorization"))
                                && "hub.example".equals(r.headers().get("host"))),
                "through the proxy, with its credentials: " + api);
        assertTrue(
                hub.requests().stream()
                        .filter(r -> r.pathAndQuery().startsWith("/cdn/"))
                        .allMatch(r -> r.headers().get("proxy-authorization") == null
                                && r.headers().get("authorization") == null),
                "the CDN on loopback is reached directly, without credentials");
        assertEquals(
                List.of("The Hugging Face token will be sent unencrypted: HF_ENDPOINT is http://hub.example, plain"
                        + " http to another machine, so anyone on the way can read and reuse the token. Fix: use an https://"
                        + " endpoint, or unset HF_TOKEN (and the settings.xml <server>) for a server that needs none."),
                log.warnings);
        assertFalse(log.all().contains(TOKEN) || String.join("", log.debugs).contains(TOKEN), "no token in the log");
        assertFalse(log.all().contains("s@cret") || log.all().contains("s%40cret"), "no proxy password in the log");

        RecordingLog loopback = new RecordingLog();
        resolve("google-bert/tiny-bert", loopback, "HF_TOKEN", TOKEN);
        assertTrue(loopback.warnings.isEmpty(), "plain http on loopback is no risk: " + loopback.warnings);
    }

    @Test
    void aRedirectLoopStopsAfterFiveHops() {
        hub.loopRedirects();
        var e = assertTimeoutPreemptively(
                NO_HANG,
                () -> assertThrows(
                        FinetuneException.class, () -> resolve("google-bert/tiny-bert", new RecordingLog())));
        assertTrue(
                e.getMessage()
                        .startsWith("The Hugging Face Hub at " + hub.endpoint() + " answered for the model"
                                + " google-bert/tiny-bert with something this plugin refuses: more than 5 redirects (a loop?) from "
                                + hub.endpoint() + "/api/models/google-bert/tiny-bert/revision/main."),
                e.getMessage());
        assertEquals(6, hub.requests().size(), "the first request and five redirects: " + hub.requests());
    }

    @Test
    void aHubThatNeverAnswersIsGivenUpOnNamingTheTimeout() {
        hub.silenceNextRequests(6, STALL);
        var e = assertTimeoutPreemptively(
                NO_HANG,
                () -> assertThrows(
                        FinetuneException.class,
                        () -> resolve("google-bert/tiny-bert", new RecordingLog(), "HF_HUB_DOWNLOAD_TIMEOUT", "1")));
        assertTrue(
                e.getMessage()
                        .startsWith("The Hugging Face Hub at " + hub.endpoint() + " could not be reached for"
                                + " the model google-bert/tiny-bert after retries (no answer within 1 s (HF_HUB_DOWNLOAD_TIMEOUT))."
                                + " Fix: check the network, HF_ENDPOINT and the proxy (HTTPS_PROXY, NO_PROXY, or settings.xml's"
                                + " <proxy>), raise the timeout named above for a slow link, or run offline"),
                e.getMessage());
    }
}
