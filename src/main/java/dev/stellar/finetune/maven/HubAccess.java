package dev.stellar.finetune.maven;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * What the Maven build adds to the environment the Hub client reads: the token of a settings.xml
 * {@code <server>} (when HF_TOKEN is not set), HF_HUB_OFFLINE under {@code mvn -o}, and the active
 * settings.xml proxy as HTTPS_PROXY. The token travels as an environment variable of the worker, never
 * through the job file or the log.
 */
final class HubAccess {

    private HubAccess() {
    }

    static Map<String, String> environment(MavenSession session, String serverId, SettingsDecrypter decrypter,
            Map<String, String> processEnvironment, Log log) {
        Map<String, String> added = new LinkedHashMap<>();
        if (session == null) {
            return added;
        }
        if (session.isOffline()) {
            added.put("HF_HUB_OFFLINE", "1");
        }
        boolean tokenInEnvironment = nonBlank(processEnvironment.get("HF_TOKEN"))
                || nonBlank(processEnvironment.get("HUGGING_FACE_HUB_TOKEN"));
        if (!tokenInEnvironment && session.getSettings() != null && serverId != null) {
            Server server = session.getSettings().getServer(serverId);
            if (server != null) {
                String token = decrypt(server, decrypter).getPassword();
                if (nonBlank(token)) {
                    added.put("HF_TOKEN", token);
                    log.debug("Using the Hugging Face token of <server> " + serverId + " from settings.xml");
                }
            }
        }
        if (!nonBlank(processEnvironment.get("HTTPS_PROXY")) && session.getSettings() != null) {
            Proxy proxy = session.getSettings().getActiveProxy();
            if (proxy != null && proxy.getHost() != null) {
                added.put("HTTPS_PROXY", "http://" + proxy.getHost() + ":" + proxy.getPort());
            }
        }
        return added;
    }

    private static Server decrypt(Server server, SettingsDecrypter decrypter) {
        if (decrypter == null) {
            return server;
        }
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        return result.getServer() != null ? result.getServer() : server;
    }

    private static boolean nonBlank(String value) {
        return value != null && !value.isBlank();
    }
}
