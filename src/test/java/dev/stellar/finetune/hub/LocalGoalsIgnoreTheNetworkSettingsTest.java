package dev.stellar.finetune.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.config.ReuseSettings;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.pipeline.Job;
import dev.stellar.finetune.pipeline.JobResult;
import dev.stellar.finetune.pipeline.JobRunner;
import dev.stellar.finetune.pipeline.Step;
import dev.stellar.finetune.testing.TestSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corporate environment's proxy variables, well or badly formed, never fail a goal that stays on local
 * files: the Hub client reads them at its first request. One that is needed and malformed is named.
 */
class LocalGoalsIgnoreTheNetworkSettingsTest {

    private static final Map<String, String> CORPORATE = Map.of(
            "HTTPS_PROXY",
            "proxy.example:3128",
            "HTTP_PROXY",
            "http://proxy.example:port",
            "NO_PROXY",
            ".corp.example,*",
            "HF_HUB_DOWNLOAD_TIMEOUT",
            "x");

    @TempDir
    Path project;

    @Test
    void preparingLocalDataWithAProxyWithoutSchemeWorks() {
        FinetuneSettings settings = TestSettings.tinySentiment(
                project, TestSettings.quickTraining(1, 1e-3), new ReuseSettings(false, null, 10));
        JobResult result = JobRunner.run(new Job(List.of(Step.PREPARE_DATA), settings), new RecordingLog(), CORPORATE);
        assertTrue(result.data() != null, "the data were prepared");
    }

    @Test
    void aMalformedProxyIsNamedWhenTheHubIsNeeded() {
        HubClient client = new HubClient(
                HubEnvironment.from(
                        Map.of("HF_ENDPOINT", "http://hub.example", "HTTP_PROXY", "http://proxy.example:port"),
                        project),
                new RecordingLog());
        var e = assertThrows(
                ConfigurationException.class,
                () -> new HubModelSource(client, "main").resolve("google-bert/tiny-bert", new RecordingLog()));
        assertEquals(
                "Invalid HTTP_PROXY = http://proxy.example:port: the port port is not a number from 1 to 65535."
                        + " Fix: write it as host:port or http://[user:password@]host:port (e.g. http://proxy.example:3128), or"
                        + " unset it",
                e.getMessage());
    }
}
