package dev.stellar.finetune.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the fake Hub itself with plain HTTP requests: every endpoint and every injected fault. */
class FakeHubTest {

    private static final String MODEL = "acme/tiny";
    private static final String DATASET = "acme/pairs";
    private static final String PARQUET_REV = "refs%2Fconvert%2Fparquet";
    private static final byte[] CONFIG = "{\"model_type\":\"bert\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WEIGHTS = pattern(1000, 7);
    private static final byte[] NOTES = "nested notes\n".getBytes(StandardCharsets.UTF_8);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private FakeHub hub;
    private String modelCommit;
    private String conversionCommit;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        hub = FakeHub.start();
        modelCommit = hub.addModel(
                MODEL,
                files("config.json", CONFIG, "model.safetensors", WEIGHTS, "docs/more/notes.txt", NOTES),
                Set.of("model.safetensors"));
        Map<String, Map<String, byte[]>> parquet = new LinkedHashMap<>();
        parquet.put("mrpc", files("train", pattern(300, 1), "test", pattern(200, 2)));
        parquet.put("sst2", files("train", pattern(100, 3)));
        conversionCommit = hub.addDataset(DATASET, parquet);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    // ---- repo info -------------------------------------------------------------------------------------

    @Test
    void modelInfoNamesTheCommitOfTheRevisionAndTheFiles() throws Exception {
        JsonObject info = json(get("/api/models/" + MODEL)).getAsJsonObject();
        assertEquals(MODEL, info.get("id").getAsString());
        assertEquals(modelCommit, info.get("sha").getAsString());
        assertTrue(modelCommit.matches("[0-9a-f]{40}"));
        assertFalse(info.get("private").getAsBoolean());
        assertFalse(info.get("gated").getAsBoolean());
        assertEquals(List.of("config.json", "docs/more/notes.txt", "model.safetensors"), siblings(info));
        assertEquals(info, json(get("/api/models/" + MODEL + "/revision/main")));
        assertEquals(info, json(get("/api/models/" + MODEL + "/revision/" + modelCommit)));
    }

    @Test
    void anotherPushMovesMainAndKeepsTheOldCommit() throws Exception {
        String second = hub.addModel(MODEL, files("config.json", NOTES), Set.of());
        assertNotEquals(modelCommit, second);
        assertEquals(
                second,
                json(get("/api/models/" + MODEL)).getAsJsonObject().get("sha").getAsString());
        HttpResponse<byte[]> old = get("/" + MODEL + "/resolve/" + modelCommit + "/config.json");
        assertArrayEquals(CONFIG, old.body());
    }

    @Test
    void blobsTrueAddsSizesAndLfsDigests() throws Exception {
        JsonObject info = json(get("/api/models/" + MODEL + "?blobs=true")).getAsJsonObject();
        JsonObject weights = info.getAsJsonArray("siblings").get(2).getAsJsonObject();
        assertEquals(WEIGHTS.length, weights.get("size").getAsInt());
        assertEquals(
                sha256(WEIGHTS), weights.getAsJsonObject("lfs").get("sha256").getAsString());
    }

    @Test
    void datasetInfoAtTheParquetBranch() throws Exception {
        JsonObject main = json(get("/api/datasets/" + DATASET)).getAsJsonObject();
        assertEquals(List.of("README.md"), siblings(main));
        JsonObject conversion = json(get("/api/datasets/" + DATASET + "/revision/" + PARQUET_REV))
                .getAsJsonObject();
        assertEquals(conversionCommit, conversion.get("sha").getAsString());
        assertNotEquals(main.get("sha"), conversion.get("sha"));
        assertEquals(
                List.of("mrpc/test/0000.parquet", "mrpc/train/0000.parquet", "sst2/train/0000.parquet"),
                siblings(conversion));
    }

    @Test
    void unknownRepoAndRevision() throws Exception {
        HttpResponse<byte[]> repo = get("/api/models/acme/nothing");
        assertError(repo, 404, "RepoNotFound");
        assertTrue(error(repo).startsWith("Repository Not Found for url: "), error(repo));
        assertError(get("/api/datasets/acme/nothing/revision/main"), 404, "RepoNotFound");
        assertError(get("/api/models/" + MODEL + "/revision/nope"), 404, "RevisionNotFound");
    }

    @Test
    void legacyIdsWithoutNamespaceAreUnknownPages() throws Exception {
        hub.addDataset("nyu-mll/glue", Map.of());
        for (String path : List.of(
                "/api/datasets/glue",
                "/api/datasets/glue/revision/main",
                "/api/datasets/glue/parquet",
                "/api/datasets/glue/tree/main?recursive=true")) {
            HttpResponse<byte[]> response = get(path);
            assertEquals(404, response.statusCode(), path);
            assertEquals(Optional.empty(), response.headers().firstValue("x-error-code"), path);
            assertEquals("Sorry, we can't find the page you are looking for.", error(response), path);
        }
        assertEquals(200, get("/api/datasets/nyu-mll/glue").statusCode());
    }

    // ---- resolve -------------------------------------------------------------------------------------

    @Test
    void headOfAGitFileNamesCommitBlobIdAndSize() throws Exception {
        HttpResponse<Void> head = head("/" + MODEL + "/resolve/main/config.json");
        assertEquals(200, head.statusCode());
        assertEquals(modelCommit, header(head, "x-repo-commit"));
        assertEquals("\"" + gitBlobSha1(CONFIG) + "\"", header(head, "etag"));
        assertEquals(String.valueOf(CONFIG.length), header(head, "content-length"));
        assertEquals("application/json; charset=utf-8", header(head, "content-type"));
    }

    @Test
    void headOfAnLfsFileRedirectsToTheCdnWithItsDigestAndSize() throws Exception {
        HttpResponse<Void> head = head("/" + MODEL + "/resolve/main/model.safetensors");
        assertEquals(302, head.statusCode());
        assertEquals(modelCommit, header(head, "x-repo-commit"));
        assertEquals("\"" + sha256(WEIGHTS) + "\"", header(head, "x-linked-etag"));
        assertEquals(String.valueOf(WEIGHTS.length), header(head, "x-linked-size"));
        String location = header(head, "location");
        assertEquals(hub.endpoint() + "/cdn/" + sha256(WEIGHTS) + "?signature=x", location);
        HttpResponse<byte[]> cdn = send(HttpRequest.newBuilder(URI.create(location)));
        assertEquals(200, cdn.statusCode());
        assertArrayEquals(WEIGHTS, cdn.body());
        assertEquals(302, get("/" + MODEL + "/resolve/main/model.safetensors").statusCode(), "GET redirects too");
    }

    @Test
    void getServesGitFilesAndNestedPaths() throws Exception {
        HttpResponse<byte[]> config = get("/" + MODEL + "/resolve/main/config.json");
        assertEquals(200, config.statusCode());
        assertArrayEquals(CONFIG, config.body());
        assertEquals(modelCommit, header(config, "x-repo-commit"));
        assertArrayEquals(
                NOTES,
                get("/" + MODEL + "/resolve/" + modelCommit + "/docs/more/notes.txt")
                        .body());
    }

    @Test
    void rangesResumeGitFilesAndCdnObjects() throws Exception {
        HttpResponse<byte[]> git = get("/" + MODEL + "/resolve/main/config.json", "range", "bytes=5-");
        assertEquals(206, git.statusCode());
        assertEquals("bytes 5-" + (CONFIG.length - 1) + "/" + CONFIG.length, header(git, "content-range"));
        assertArrayEquals(Arrays.copyOfRange(CONFIG, 5, CONFIG.length), git.body());

        HttpResponse<byte[]> cdn = get("/cdn/" + sha256(WEIGHTS), "range", "bytes=900-");
        assertEquals(206, cdn.statusCode());
        assertEquals("bytes 900-999/1000", header(cdn, "content-range"));
        assertEquals("100", header(cdn, "content-length"));
        assertArrayEquals(Arrays.copyOfRange(WEIGHTS, 900, 1000), cdn.body());

        HttpResponse<byte[]> beyond = get("/cdn/" + sha256(WEIGHTS), "range", "bytes=1000-");
        assertEquals(416, beyond.statusCode());
        assertEquals("bytes */1000", header(beyond, "content-range"));
        assertEquals(404, get("/cdn/" + sha256(NOTES)).statusCode(), "only LFS objects are on the CDN");
    }

    @Test
    void resolveErrors() throws Exception {
        HttpResponse<Void> missingFile = head("/" + MODEL + "/resolve/main/nope.json");
        assertError(missingFile, 404, "EntryNotFound");
        assertEquals(modelCommit, header(missingFile, "x-repo-commit"));
        assertError(head("/" + MODEL + "/resolve/nope/config.json"), 404, "RevisionNotFound");
        assertError(head("/acme/nothing/resolve/main/config.json"), 401, "RepoNotFound");
        assertError(
                head("/acme/nothing/resolve/main/config.json", "authorization", "Bearer hf_x"), 404, "RepoNotFound");
        assertError(get("/datasets/acme/nothing/resolve/main/README.md"), 401, "RepoNotFound");
    }

    @Test
    void datasetFilesResolveOnTheEncodedConversionBranchOnly() throws Exception {
        String file = "/datasets/" + DATASET + "/resolve/" + PARQUET_REV + "/mrpc/train/0000.parquet";
        HttpResponse<Void> head = head(file);
        assertEquals(302, head.statusCode());
        assertEquals(conversionCommit, header(head, "x-repo-commit"));
        assertEquals(String.valueOf(300), header(head, "x-linked-size"));
        assertArrayEquals(
                pattern(300, 1),
                send(HttpRequest.newBuilder(URI.create(header(head, "location"))))
                        .body());
        assertEquals(
                200, head("/datasets/" + DATASET + "/resolve/main/README.md").statusCode());
        // The client must encode the revision: "refs/convert/parquet" in clear names revision "refs".
        assertError(
                head("/datasets/" + DATASET + "/resolve/refs/convert/parquet/mrpc/train/0000.parquet"),
                404,
                "RevisionNotFound");
    }

    // ---- renames, gates ----------------------------------------------------------------------------------

    @Test
    void renamedModelAnswersHostlessRedirects() throws Exception {
        hub.rename("model", MODEL, "newco/tiny");
        HttpResponse<byte[]> info = get("/api/models/" + MODEL + "/revision/main");
        assertEquals(307, info.statusCode());
        assertEquals("/api/models/newco/tiny/revision/main", header(info, "location"));
        HttpResponse<Void> head = head("/" + MODEL + "/resolve/main/config.json");
        assertEquals(307, head.statusCode());
        assertEquals("/newco/tiny/resolve/main/config.json", header(head, "location"));
        assertEquals(Optional.empty(), head.headers().firstValue("x-repo-commit"));
        HttpResponse<Void> followed = head(header(head, "location"));
        assertEquals(200, followed.statusCode());
        assertEquals(modelCommit, header(followed, "x-repo-commit"));
        assertEquals(
                "newco/tiny",
                json(get("/api/models/newco/tiny")).getAsJsonObject().get("id").getAsString());
    }

    @Test
    void aRepoAddedUnderItsNewIdCanBeGivenAnOldIdThatRedirects() throws Exception {
        hub.rename("model", "tiny", MODEL);
        HttpResponse<Void> head = head("/tiny/resolve/main/config.json");
        assertEquals(307, head.statusCode());
        assertEquals("/" + MODEL + "/resolve/main/config.json", header(head, "location"));
        assertEquals("/api/models/" + MODEL, header(get("/api/models/tiny"), "location"));
        assertThrows(IllegalArgumentException.class, () -> hub.rename("model", "nobody/a", "nobody/b"));
    }

    @Test
    void renamedDatasetKeepsTheEncodedRevisionInItsRedirects() throws Exception {
        hub.rename("dataset", DATASET, "newco/pairs");
        String rest = "/resolve/" + PARQUET_REV + "/mrpc/train/0000.parquet";
        HttpResponse<Void> head = head("/datasets/" + DATASET + rest);
        assertEquals(307, head.statusCode());
        assertEquals("/datasets/newco/pairs" + rest, header(head, "location"));
        HttpResponse<byte[]> tree = get("/api/datasets/" + DATASET + "/tree/" + PARQUET_REV + "?recursive=true");
        assertEquals(307, tree.statusCode());
        assertEquals("/api/datasets/newco/pairs/tree/" + PARQUET_REV + "?recursive=true", header(tree, "location"));
    }

    @Test
    void gatedRepoWantsItsToken() throws Exception {
        hub.gate(MODEL, "hf_granted");
        String file = "/" + MODEL + "/resolve/main/config.json";
        assertError(head(file), 401, "GatedRepo");
        assertError(head(file, "authorization", "Bearer hf_other"), 403, "GatedRepo");
        assertEquals(200, head(file, "authorization", "Bearer hf_granted").statusCode());
        JsonObject info = json(get("/api/models/" + MODEL)).getAsJsonObject();
        assertEquals("manual", info.get("gated").getAsString());
    }

    @Test
    void gatedDatasetGuardsItsParquetListing() throws Exception {
        hub.gate(DATASET, "hf_granted");
        assertError(get("/api/datasets/" + DATASET + "/parquet"), 401, "GatedRepo");
        assertError(get("/api/datasets/" + DATASET + "/parquet", "authorization", "Bearer hf_other"), 403, "GatedRepo");
        assertEquals(
                200,
                get("/api/datasets/" + DATASET + "/parquet", "authorization", "Bearer hf_granted")
                        .statusCode());
    }

    // ---- faults ------------------------------------------------------------------------------------------

    @Test
    void droppedConnectionDeclaresTheFullLengthThenBreaksAndTheRangeResumes() throws Exception {
        hub.dropConnectionOnce("model.safetensors", 400);
        URI cdn = URI.create(header(head("/" + MODEL + "/resolve/main/model.safetensors"), "location"));
        HttpResponse<InputStream> broken = client.send(
                HttpRequest.newBuilder(cdn).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("1000", header(broken, "content-length"));
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        assertThrows(IOException.class, () -> broken.body().transferTo(received));
        assertEquals(400, received.size());

        HttpResponse<byte[]> rest = send(HttpRequest.newBuilder(cdn).header("range", "bytes=400-"));
        assertEquals(206, rest.statusCode());
        received.write(rest.body());
        assertArrayEquals(WEIGHTS, received.toByteArray());
        assertArrayEquals(WEIGHTS, send(HttpRequest.newBuilder(cdn)).body(), "only once");
    }

    @Test
    void droppedConnectionAppliesToGitFilesToo() throws Exception {
        hub.dropConnectionOnce("config.json", 3);
        String file = "/" + MODEL + "/resolve/main/config.json";
        assertEquals(200, head(file).statusCode(), "HEAD does not use up the drop");
        assertThrows(IOException.class, () -> get(file));
        assertArrayEquals(CONFIG, get(file).body());
    }

    @Test
    void corruptedContentKeepsItsLengthButNotItsDigest() throws Exception {
        hub.corruptContent("model.safetensors");
        HttpResponse<Void> head = head("/" + MODEL + "/resolve/main/model.safetensors");
        assertEquals("\"" + sha256(WEIGHTS) + "\"", header(head, "x-linked-etag"));
        byte[] served = send(HttpRequest.newBuilder(URI.create(header(head, "location"))))
                .body();
        assertEquals(WEIGHTS.length, served.length);
        assertNotEquals(sha256(WEIGHTS), sha256(served));
    }

    @Test
    void failNextRequestsAnswersTheStatusBeforeRouting() throws Exception {
        hub.failNextRequests(2, 503);
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> failed = get("/api/models/" + MODEL);
            assertEquals(503, failed.statusCode());
            assertEquals("Service Unavailable", error(failed));
        }
        assertEquals(200, get("/api/models/" + MODEL).statusCode());
        hub.failNextRequests(1, 429);
        HttpResponse<byte[]> limited = get("/cdn/" + sha256(WEIGHTS));
        assertEquals(429, limited.statusCode());
        assertEquals("1", header(limited, "retry-after"));
        assertEquals(200, get("/cdn/" + sha256(WEIGHTS)).statusCode());
    }

    @Test
    void escapingEntriesAppearInTheConfigsTreeListing() throws Exception {
        hub.addEscapingEntry(DATASET, "mrpc");
        String tree = "/api/datasets/" + DATASET + "/tree/" + PARQUET_REV;
        List<String> mrpc = paths(json(get(tree + "/mrpc?recursive=true")));
        assertTrue(mrpc.containsAll(List.of("../../../escape/0000.parquet", "/abs/x.parquet")), mrpc.toString());
        List<String> sst2 = paths(json(get(tree + "/sst2?recursive=true")));
        assertEquals(List.of("sst2/train", "sst2/train/0000.parquet"), sst2);
    }

    @Test
    void requestsAreRecordedInOrderWithLowerCaseHeaders() throws Exception {
        hub.clearRequests();
        get("/api/datasets?search=pairs&limit=5", "authorization", "Bearer hf_token");
        head("/" + MODEL + "/resolve/main/config.json", "range", "bytes=2-");
        List<RecordedRequest> requests = hub.requests();
        assertEquals(2, requests.size());
        assertEquals("GET", requests.get(0).method());
        assertEquals("/api/datasets?search=pairs&limit=5", requests.get(0).pathAndQuery());
        assertEquals("Bearer hf_token", requests.get(0).headers().get("authorization"));
        assertEquals("HEAD", requests.get(1).method());
        assertEquals("bytes=2-", requests.get(1).headers().get("range"));
        assertTrue(requests.get(1).headers().keySet().stream().allMatch(k -> k.equals(k.toLowerCase(Locale.ROOT))));
        JsonArray overHttp = json(get("/__requests")).getAsJsonArray();
        assertEquals(
                "/api/datasets?search=pairs&limit=5",
                overHttp.get(0).getAsJsonObject().get("pathAndQuery").getAsString());
    }

    // ---- listings ------------------------------------------------------------------------------------

    @Test
    void parquetListingByConfigAndSplitWithFileRedirects() throws Exception {
        String base = hub.endpoint() + "/api/datasets/" + DATASET + "/parquet";
        JsonObject all = json(get("/api/datasets/" + DATASET + "/parquet")).getAsJsonObject();
        assertEquals(Set.of("mrpc", "sst2"), all.keySet());
        JsonObject mrpc =
                json(get("/api/datasets/" + DATASET + "/parquet/mrpc")).getAsJsonObject();
        assertEquals(all.get("mrpc"), mrpc);
        assertEquals(
                base + "/mrpc/train/0.parquet",
                mrpc.getAsJsonArray("train").get(0).getAsString());
        assertEquals(mrpc.get("test"), json(get("/api/datasets/" + DATASET + "/parquet/mrpc/test")));

        HttpResponse<byte[]> unknown = get("/api/datasets/" + DATASET + "/parquet/nope");
        assertEquals(404, unknown.statusCode());
        assertEquals("Config not found", error(unknown));

        HttpResponse<byte[]> file = get("/api/datasets/" + DATASET + "/parquet/mrpc/train/0.parquet");
        assertEquals(302, file.statusCode());
        assertEquals(
                hub.endpoint() + "/datasets/" + DATASET + "/resolve/" + PARQUET_REV + "/mrpc/train/0000.parquet",
                header(file, "location"));
    }

    @Test
    void treeListsFilesWithLfsAndDirectories() throws Exception {
        JsonArray all = json(get("/api/datasets/" + DATASET + "/tree/" + PARQUET_REV + "?recursive=true"))
                .getAsJsonArray();
        assertEquals(
                List.of(
                        "mrpc",
                        "mrpc/test",
                        "mrpc/test/0000.parquet",
                        "mrpc/train",
                        "mrpc/train/0000.parquet",
                        "sst2",
                        "sst2/train",
                        "sst2/train/0000.parquet"),
                paths(all));
        JsonObject directory = all.get(0).getAsJsonObject();
        assertEquals("directory", directory.get("type").getAsString());
        assertTrue(directory.get("oid").getAsString().matches("[0-9a-f]{40}"));
        JsonObject file = all.get(4).getAsJsonObject();
        assertEquals("file", file.get("type").getAsString());
        assertEquals(300, file.get("size").getAsInt());
        JsonObject lfs = file.getAsJsonObject("lfs");
        assertEquals(sha256(pattern(300, 1)), lfs.get("oid").getAsString());
        assertEquals(300, lfs.get("size").getAsInt());
        assertEquals(gitBlobSha1(pointer(pattern(300, 1))), file.get("oid").getAsString());
        assertEquals(pointer(pattern(300, 1)).length, lfs.get("pointerSize").getAsInt());

        assertEquals(List.of("mrpc", "sst2"), paths(json(get("/api/datasets/" + DATASET + "/tree/" + PARQUET_REV))));
        assertEquals(
                List.of("mrpc/train/0000.parquet"),
                paths(json(get("/api/datasets/" + DATASET + "/tree/" + PARQUET_REV + "/mrpc%2Ftrain"))));
        assertError(get("/api/datasets/" + DATASET + "/tree/" + PARQUET_REV + "/nope"), 404, "EntryNotFound");
        assertError(get("/api/datasets/" + DATASET + "/tree/nope"), 404, "RevisionNotFound");
    }

    @Test
    void modelTreeListsGitFilesWithoutLfs() throws Exception {
        JsonArray tree =
                json(get("/api/models/" + MODEL + "/tree/main?recursive=true")).getAsJsonArray();
        assertEquals(
                List.of("config.json", "docs", "docs/more", "docs/more/notes.txt", "model.safetensors"), paths(tree));
        JsonObject config = tree.get(0).getAsJsonObject();
        assertEquals(gitBlobSha1(CONFIG), config.get("oid").getAsString());
        assertFalse(config.has("lfs"));
    }

    @Test
    void searchMatchesIdsIgnoringCaseAndPagesWithLinkHeaders() throws Exception {
        hub.addDataset("nyu-mll/glue", Map.of());
        hub.addDataset("someone/GLUE-extra", Map.of());
        hub.addDataset("other/glue-mini", Map.of());
        HttpResponse<byte[]> first = get("/api/datasets?search=Glue&limit=2");
        assertEquals(List.of("nyu-mll/glue", "someone/GLUE-extra"), ids(json(first)));
        Matcher next = Pattern.compile("<(.+)>; rel=\"next\"").matcher(header(first, "link"));
        assertTrue(next.matches(), header(first, "link"));
        assertTrue(next.group(1).startsWith(hub.endpoint() + "/api/datasets?search=Glue&limit=2&cursor="));
        HttpResponse<byte[]> second = send(HttpRequest.newBuilder(URI.create(next.group(1))));
        assertEquals(List.of("other/glue-mini"), ids(json(second)));
        assertEquals(Optional.empty(), second.headers().firstValue("link"));
        JsonObject listed =
                json(get("/api/datasets?search=nyu")).getAsJsonArray().get(0).getAsJsonObject();
        assertTrue(listed.has("downloads") && listed.has("likes"));
        assertEquals(List.of(MODEL), ids(json(get("/api/models?search=TINY"))));
    }

    @Test
    void anExpandedModelSearchHoldsOnlyTheFieldsAskedForWithTheConfigsModelType() throws Exception {
        JsonObject listed = json(get("/api/models?search=tiny&expand=config&expand=downloads"))
                .getAsJsonArray()
                .get(0)
                .getAsJsonObject();
        assertEquals(Set.of("_id", "id", "config", "downloads"), listed.keySet());
        assertEquals("bert", listed.getAsJsonObject("config").get("model_type").getAsString());
        assertEquals(400, get("/api/models?search=tiny&expand=nonsense").statusCode());
    }

    @Test
    void unknownRoutesAreUnknownPages() throws Exception {
        assertEquals(404, get("/nothing-here").statusCode());
        assertEquals(404, get("/api/models/" + MODEL + "/nonsense").statusCode());
    }

    // ---- fixtures: Parquet, tiny model, GLUE-like -----------------------------------------------------

    @Test
    void parquetWritesReadableFilesWithTheHuggingfaceMetadata() throws Exception {
        LinkedHashMap<String, List<?>> columns = new LinkedHashMap<>();
        columns.put("text", List.of("it's good", "bad"));
        columns.put("label", List.of(1L, 0L));
        columns.put("score", List.of(0.5, 1.5));
        String features = "{\"text\":{\"dtype\":\"string\",\"_type\":\"Value\"},"
                + "\"label\":{\"names\":[\"neg\",\"pos\"],\"_type\":\"ClassLabel\"}}";
        Path file = Files.write(dir.resolve("t.parquet"), FakeHub.parquet(columns, features));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            assertEquals(
                    List.of("it's good|1|0.5", "bad|0|1.5"),
                    rows(s, "SELECT text || '|' || label || '|' || score FROM '" + file + "'"));
            assertEquals(List.of("BIGINT"), rows(s, "SELECT typeof(label) FROM '" + file + "' LIMIT 1"));
            JsonObject metadata = huggingfaceMetadata(s, file);
            assertEquals(
                    JsonParser.parseString(features),
                    metadata.getAsJsonObject("info").get("features"));
        }
    }

    @Test
    void tinyModelIsAHubRepoWithItsWeightsInLfs() throws Exception {
        hub.addTinyModel("it/tiny-bert");
        JsonObject info = json(get("/api/models/it/tiny-bert")).getAsJsonObject();
        assertEquals(
                List.of(
                        "config.json",
                        "model.safetensors",
                        "special_tokens_map.json",
                        "tokenizer.json",
                        "tokenizer_config.json",
                        "vocab.txt"),
                siblings(info));
        long size = Files.size(TestModels.tinyBert().resolve("model.safetensors"));
        HttpResponse<Void> weights = head("/it/tiny-bert/resolve/main/model.safetensors");
        assertEquals(302, weights.statusCode());
        assertEquals(String.valueOf(size), header(weights, "x-linked-size"));
        assertEquals(200, head("/it/tiny-bert/resolve/main/vocab.txt").statusCode());
    }

    @Test
    void glueLikeDataSetHasTwoConfigsLabelledTrainingAndHiddenTestLabels() throws Exception {
        String commit = hub.addGlueLike("nyu-mll/glue");
        JsonObject listing = json(get("/api/datasets/nyu-mll/glue/parquet")).getAsJsonObject();
        assertEquals(Set.of("mrpc", "sst2"), listing.keySet());
        assertEquals(
                Set.of("train", "validation", "test"),
                listing.getAsJsonObject("sst2").keySet());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            Path train = download("nyu-mll/glue", commit, "mrpc/train/0000.parquet");
            assertEquals(
                    List.of("0|32", "1|32"),
                    rows(s, "SELECT label || '|' || count(*) FROM '" + train + "' GROUP BY label ORDER BY label"));
            assertEquals(
                    List.of("VARCHAR|VARCHAR|BIGINT|INTEGER"),
                    rows(
                            s,
                            "SELECT typeof(sentence1) || '|' || "
                                    + "typeof(sentence2) || '|' || typeof(label) || '|' || typeof(idx) FROM '" + train
                                    + "' LIMIT 1"));
            JsonObject label = huggingfaceMetadata(s, train)
                    .getAsJsonObject("info")
                    .getAsJsonObject("features")
                    .getAsJsonObject("label");
            assertEquals(
                    "[\"not_equivalent\",\"equivalent\"]", label.get("names").toString());
            Path test = download("nyu-mll/glue", commit, "mrpc/test/0000.parquet");
            assertEquals(
                    List.of("-1|32"), rows(s, "SELECT label || '|' || count(*) FROM '" + test + "' GROUP BY label"));
            Path sst2 = download("nyu-mll/glue", commit, "sst2/validation/0000.parquet");
            assertEquals(List.of("32"), rows(s, "SELECT count(DISTINCT idx) FROM '" + sst2 + "'"));
        }
    }

    @Test
    void glueLikeContentIsDeterministic() throws Exception {
        try (FakeHub other = FakeHub.start()) {
            other.addGlueLike("nyu-mll/glue");
            String path = "/datasets/nyu-mll/glue/resolve/" + PARQUET_REV + "/sst2/train/0000.parquet";
            hub.addGlueLike("nyu-mll/glue");
            assertEquals(
                    header(head(path), "x-linked-etag"),
                    header(
                            send(HttpRequest.newBuilder(URI.create(other.endpoint() + path))
                                    .method("HEAD", HttpRequest.BodyPublishers.noBody())),
                            "x-linked-etag"));
        }
    }

    // ---- lifecycle -------------------------------------------------------------------------------------

    @Test
    void shutdownOverHttpStopsAHubOnAFixedPort() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        FakeHub fixed = FakeHub.start(port);
        assertEquals(URI.create("http://127.0.0.1:" + port), fixed.endpoint());
        fixed.failNextRequests(5, 503);
        FakeHub.stop(port);
        HttpRequest afterwards =
                HttpRequest.newBuilder(fixed.endpoint().resolve("/api/models")).build();
        assertThrows(IOException.class, () -> client.send(afterwards, HttpResponse.BodyHandlers.discarding()));
        fixed.close();
    }

    @Test
    void closeStopsTheServerAndMayBeRepeated() throws Exception {
        int port = hub.port();
        hub.close();
        FakeHub.awaitClosed(port, Duration.ofSeconds(5));
        hub.close();
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private HttpResponse<byte[]> get(String pathAndQuery, String... headers) throws Exception {
        return send(request(pathAndQuery, headers));
    }

    private HttpResponse<Void> head(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder request =
                request(pathAndQuery, headers).method("HEAD", HttpRequest.BodyPublishers.noBody());
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding());
    }

    private HttpRequest.Builder request(String pathAndQuery, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.endpoint() + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Downloads a file of the conversion branch the way a client does: HEAD, then the CDN URL. */
    private Path download(String dataset, String commit, String path) throws Exception {
        HttpResponse<Void> head = head("/datasets/" + dataset + "/resolve/" + commit + "/" + path);
        assertEquals(302, head.statusCode());
        byte[] content = send(HttpRequest.newBuilder(URI.create(header(head, "location"))))
                .body();
        return Files.write(dir.resolve(path.replace('/', '-')), content);
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static void assertError(HttpResponse<?> response, int status, String code) {
        assertEquals(status, response.statusCode());
        assertEquals(code, header(response, "x-error-code"));
    }

    private static JsonElement json(HttpResponse<byte[]> response) {
        assertEquals(200, response.statusCode(), () -> new String(response.body(), StandardCharsets.UTF_8));
        assertEquals("application/json; charset=utf-8", header(response, "content-type"));
        return JsonParser.parseString(new String(response.body(), StandardCharsets.UTF_8));
    }

    private static String error(HttpResponse<byte[]> response) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        return JsonParser.parseString(body).getAsJsonObject().get("error").getAsString();
    }

    private static List<String> siblings(JsonObject info) {
        List<String> names = new ArrayList<>();
        info.getAsJsonArray("siblings")
                .forEach(s -> names.add(s.getAsJsonObject().get("rfilename").getAsString()));
        return names;
    }

    private static List<String> paths(JsonElement tree) {
        List<String> paths = new ArrayList<>();
        tree.getAsJsonArray()
                .forEach(e -> paths.add(e.getAsJsonObject().get("path").getAsString()));
        return paths;
    }

    private static List<String> ids(JsonElement results) {
        List<String> ids = new ArrayList<>();
        results.getAsJsonArray()
                .forEach(e -> ids.add(e.getAsJsonObject().get("id").getAsString()));
        return ids;
    }

    private static List<String> rows(Statement statement, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    private static JsonObject huggingfaceMetadata(Statement statement, Path file) throws SQLException {
        List<String> values = rows(
                statement,
                "SELECT decode(value) FROM parquet_kv_metadata('" + file + "') WHERE decode(key) = 'huggingface'");
        assertEquals(1, values.size());
        return JsonParser.parseString(values.get(0)).getAsJsonObject();
    }

    private static Map<String, byte[]> files(Object... pathsAndContents) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.put((String) pathsAndContents[i], (byte[]) pathsAndContents[i + 1]);
        }
        return files;
    }

    private static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }

    private static byte[] pointer(byte[] content) throws Exception {
        return ("version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256(content) + "\nsize " + content.length
                        + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static String gitBlobSha1(byte[] content) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(sha1.digest(content));
    }
}
