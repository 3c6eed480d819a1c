package dev.stellar.finetune.maven;

import dev.stellar.finetune.hub.HubEnvironment;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
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
 * settings.xml proxy (when no proxy variable is set) as HTTPS_PROXY and HTTP_PROXY, with its decrypted
 * credentials and its {@code <nonProxyHosts>}. Token and proxy password travel as environment variables
 * of the worker, never through the job file or the log. Nothing is parsed here: a malformed proxy fails
 * only a goal that goes to the network, naming the setting.
 */
final class HubAccess {

    /** The variables the Hub client reads a proxy from: one set by the user wins over settings.xml. */
    private static final List<String> PROXY_VARIABLES =
            List.of("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY");

    private HubAccess() {}

    static Map<String, String> environment(
            MavenSession session,
            String serverId,
            SettingsDecrypter decrypter,
            Map<String, String> processEnvironment,
            Log log) {
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
        boolean proxyInEnvironment = PROXY_VARIABLES.stream().anyMatch(name -> nonBlank(processEnvironment.get(name)));
        if (!proxyInEnvironment && session.getSettings() != null) {
            Proxy proxy = session.getSettings().getActiveProxy();
            if (proxy != null && nonBlank(proxy.getHost())) {
                String url = proxyUrl(decrypt(proxy, decrypter));
                added.put("HTTPS_PROXY", url);
                added.put("HTTP_PROXY", url);
                if (nonBlank(proxy.getNonProxyHosts())) {
                    added.put(HubEnvironment.MAVEN_NON_PROXY_HOSTS, proxy.getNonProxyHosts());
                }
                log.debug("Using the proxy " + proxy.getHost() + ":" + proxy.getPort() + " of settings.xml for the"
                        + " Hugging Face Hub");
            }
        }
        return added;
    }

    /** http://[user:password@]host:port, the user and password percent-encoded; the password is never logged. */
    static String proxyUrl(Proxy proxy) {
        String credentials = nonBlank(proxy.getUsername())
                ? encode(proxy.getUsername()) + (proxy.getPassword() == null ? "" : ":" + encode(proxy.getPassword()))
                        + "@"
                : "";
        String host = proxy.getHost().trim();
        return "http://" + credentials + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":"
                + proxy.getPort();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Proxy decrypt(Proxy proxy, SettingsDecrypter decrypter) {
        if (decrypter == null) {
            return proxy;
        }
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(proxy));
        return result.getProxy() != null ? result.getProxy() : proxy;
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
