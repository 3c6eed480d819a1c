package dev.stellar.finetune.hub;

import dev.stellar.finetune.log.RecordingLog;
import java.nio.file.Files;
import java.util.Map;

/**
 * Asks an https Hub through the proxy in args[0], in a JVM of its own: the JDK reads its proxy
 * authentication rules once per JVM, as in the worker, so the test JVM's history cannot matter.
 */
public final class TunnelProbe {

    private TunnelProbe() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> env = Map.of(
                "HF_ENDPOINT",
                "https://hub.example",
                "HTTPS_PROXY",
                args[0],
                "HF_HOME",
                Files.createTempDirectory("tunnel-probe").toString(),
                "FINETUNE_HUB_RETRY_PAUSE_MS",
                "5",
                "HF_HUB_DOWNLOAD_TIMEOUT",
                "2");
        try {
            new HubClient(HubEnvironment.from(env, Files.createTempDirectory("home")), new RecordingLog())
                    .repoInfo(RepoType.MODEL, "google-bert/tiny-bert", "main");
        } catch (HubResponseException expected) {
            // the fake proxy only listens; what it heard is the point
        }
        Runtime.getRuntime().halt(0);
    }
}
