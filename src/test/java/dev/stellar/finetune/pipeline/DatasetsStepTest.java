package dev.stellar.finetune.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.HubSettings;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.testing.FakeHub;
import dev.stellar.finetune.testing.TestSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** finetune:datasets, the notebook's pickers: search, configurations, then splits and features. */
class DatasetsStepTest {

    @TempDir
    Path project;

    private FakeHub hub;

    @BeforeEach
    void start() throws Exception {
        hub = FakeHub.start();
        hub.addGlueLike("nyu-mll/glue");
        hub.addGlueLike("someone/glue-copy");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private DatasetCatalog list(String query, String dataset, String config, RecordingLog log) {
        Job job = new Job(
                List.of(Step.LIST_DATASETS),
                TestSettings.of(project, null, dataset, new HubSettings(null, config, null)),
                query);
        return JobRunner.run(
                        job,
                        log,
                        Map.of(
                                "HF_ENDPOINT",
                                hub.endpoint().toString(),
                                "HF_HOME",
                                project.resolve("hf").toString()))
                .catalog();
    }

    @Test
    void aSearchListsMatchingDataSets() {
        RecordingLog log = new RecordingLog();
        DatasetCatalog catalog = list("glue", null, null, log);
        assertEquals(List.of("nyu-mll/glue", "someone/glue-copy"), catalog.matches());
        assertTrue(log.infos.get(0).startsWith("Data sets on " + hub.endpoint() + " matching 'glue'"), log.all());
        assertTrue(log.infos.get(1).trim().startsWith("nyu-mll/glue"), log.all());
    }

    @Test
    void aDataSetListsItsConfigurations() {
        RecordingLog log = new RecordingLog();
        DatasetCatalog catalog = list(null, "nyu-mll/glue", null, log);
        assertEquals(List.of("mrpc", "sst2"), catalog.configs());
        assertEquals("nyu-mll/glue has 2 configurations: mrpc, sst2", log.infos.get(0));
    }

    @Test
    void aConfigurationListsSplitsRowsAndFeatures() {
        RecordingLog log = new RecordingLog();
        DatasetCatalog catalog = list(null, "nyu-mll/glue", "mrpc", log);
        assertEquals(
                List.of(
                        new DatasetCatalog.Split("test", 32, 1),
                        new DatasetCatalog.Split("train", 64, 1),
                        new DatasetCatalog.Split("validation", 32, 1)),
                catalog.splits());
        assertEquals(
                "ClassLabel [not_equivalent, equivalent]", catalog.features().get("label"));
        assertEquals("string", catalog.features().get("sentence1"));
        assertTrue(
                log.infos.stream()
                        .anyMatch(l -> l.startsWith("Features: sentence1: string, sentence2: string,"
                                + " label: ClassLabel [not_equivalent, equivalent]")),
                log.all());
    }

    @Test
    void nothingToLookForSaysHow() {
        var e = assertThrows(ConfigurationException.class, () -> list(null, null, null, new RecordingLog()));
        assertTrue(e.getMessage().contains("-Dfinetune.search=<words>"), e.getMessage());
    }
}
