package dev.stellar.finetune.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.data.DataFile;
import dev.stellar.finetune.data.ParquetFeatures;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.testing.FakeHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data sets from the Hub's Parquet conversion, against a fake Hub on loopback. */
class HubDatasetSourceTest {

    @TempDir
    Path home;

    private FakeHub hub;

    @BeforeEach
    void start() throws Exception {
        hub = FakeHub.start();
        hub.addGlueLike("nyu-mll/glue");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private Map<String, List<DataFile>> resolve(String id, String config, RecordingLog log, String... extra) {
        Map<String, String> env = new HashMap<>(Map.of(
                "HF_ENDPOINT",
                hub.endpoint().toString(),
                "HF_HOME",
                home.resolve("hf").toString(),
                "FINETUNE_HUB_RETRY_PAUSE_MS",
                "5"));
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        HubClient client = new HubClient(HubEnvironment.from(env, home), log);
        return new HubDatasetSource(client, config, null).resolve(id, log).orElseThrow();
    }

    @Test
    void downloadsTheConfigsParquetFilesPerSplit() {
        Map<String, List<DataFile>> splits = resolve("nyu-mll/glue", "mrpc", new RecordingLog());
        assertEquals(List.of("test", "train", "validation"), List.copyOf(splits.keySet()));
        Path train = splits.get("train").get(0).path();
        assertTrue(train.toString().contains("datasets--nyu-mll--glue/snapshots/"), train.toString());
        assertTrue(train.endsWith("mrpc/train/0000.parquet"), train.toString());
        assertEquals(List.of("not_equivalent", "equivalent"), ParquetFeatures.classLabelNames(train, "label"));
        assertEquals(64, ParquetFeatures.rowCount(train));
    }

    @Test
    void theSecondRunNeedsNoNetwork() {
        Map<String, List<DataFile>> first = resolve("nyu-mll/glue", "mrpc", new RecordingLog());
        hub.close();
        assertEquals(first, resolve("nyu-mll/glue", "mrpc", new RecordingLog(), "HF_HUB_OFFLINE", "1"));
        RecordingLog log = new RecordingLog();
        assertEquals(first, resolve("nyu-mll/glue", "mrpc", log));
        assertTrue(log.warnings.get(0).startsWith("The Hub could not be reached"), log.all());
    }

    @Test
    void aDataSetWithSeveralConfigsNeedsOne() {
        var e = assertThrows(ConfigurationException.class, () -> resolve("nyu-mll/glue", null, new RecordingLog()));
        assertEquals(
                "Invalid datasetConfig = (not set): the data set nyu-mll/glue has 2 configurations: mrpc, sst2."
                        + " Fix: set <datasetConfig> to one of them",
                e.getMessage());
    }

    @Test
    void aMissingConfigListsTheConfigs() {
        var e = assertThrows(ConfigurationException.class, () -> resolve("nyu-mll/glue", "qqp", new RecordingLog()));
        assertEquals(
                "Invalid datasetConfig = qqp: the data set nyu-mll/glue has no such configuration (it has: mrpc,"
                        + " sst2). Fix: set <datasetConfig> to one of them",
                e.getMessage());
    }

    @Test
    void aLegacyShortNameIsAnsweredWithTheFullIds() {
        var e = assertThrows(ConfigurationException.class, () -> resolve("glue", "mrpc", new RecordingLog()));
        assertTrue(
                e.getMessage().startsWith("Invalid dataset = glue: no data set of that id was found"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Fix: use the full id, one of: nyu-mll/glue"), e.getMessage());
    }

    @Test
    void aListingThatEscapesTheCacheIsRefused() {
        hub.addEscapingEntry("nyu-mll/glue", "mrpc");
        var e = assertThrows(FinetuneException.class, () -> resolve("nyu-mll/glue", "mrpc", new RecordingLog()));
        assertTrue(e.getMessage().contains("outside the requested folder"), e.getMessage());
        assertFalse(
                Files.exists(home.resolve("hf/hub/escape")) || Files.exists(home.resolve("escape")),
                "nothing was written outside the cache");
    }

    @Test
    void aListingWhoseNextLinkLoopsStopsWithAMessage() throws Exception {
        hub.loopPagination();
        var e = assertTimeoutPreemptively(
                Duration.ofSeconds(30),
                () -> assertThrows(FinetuneException.class, () -> resolve("nyu-mll/glue", "mrpc", new RecordingLog())));
        assertTrue(
                e.getMessage()
                        .startsWith("The Hugging Face Hub at " + hub.endpoint() + " answered for the data"
                                + " set nyu-mll/glue with something this plugin refuses: the listing's next-page link leads back to a"
                                + " page already read"),
                e.getMessage());
        assertEquals(
                1,
                hub.requests().stream()
                        .filter(r -> r.pathAndQuery().contains("/tree/"))
                        .count(),
                "the page is read once: " + hub.requests());

        HubClient client = new HubClient(
                HubEnvironment.from(
                        Map.of(
                                "HF_ENDPOINT",
                                hub.endpoint().toString(),
                                "HF_HOME",
                                home.resolve("hf").toString()),
                        home),
                new RecordingLog());
        var search = assertThrows(HubResponseException.class, () -> client.searchDatasets("glue", 50));
        assertTrue(search.getMessage().contains("leads back to a page already read"), search.getMessage());
    }
}
