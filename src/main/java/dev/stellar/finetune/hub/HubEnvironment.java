package dev.stellar.finetune.hub;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach the Hugging Face Hub and where its cache is, read from the same environment variables as
 * huggingface_hub (HF_ENDPOINT, HF_HOME, HF_HUB_CACHE, HF_HUB_OFFLINE, HF_TOKEN, the token file,
 * the proxy variables, HF_HUB_DOWNLOAD_TIMEOUT), so Python tools and this plugin share one cache and one
 * configuration.
 *
 * @param token the access token, or empty; never printed ({@link #toString()} hides it)
 * @param networkVariables the proxy and timeout variables as given: parsed by {@link #network()} only when a
 *     request is made, so a goal on local files never fails on them
 * @param retryPauseMillis the first pause between retries (doubling up to 8x); tests shorten it
 */
public record HubEnvironment(
        URI endpoint,
        Path cacheDirectory,
        boolean offline,
        Optional<String> token,
        Map<String, String> networkVariables,
        long retryPauseMillis) {

    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    /** Maven's {@code <nonProxyHosts>} of the active settings.xml proxy (Maven's syntax), as the build passes it on. */
    public static final String MAVEN_NON_PROXY_HOSTS = "FINETUNE_HUB_NON_PROXY_HOSTS";

    /**
     * @param env the environment (the process's, plus what the build adds: a token from settings.xml,
     *     HF_HUB_OFFLINE=1 under {@code mvn -o}, the proxy from settings.xml)
     * @param home the user's home directory
     */
    public static HubEnvironment from(Map<String, String> env, Path home) {
        String endpoint = nonBlank(env.get("HF_ENDPOINT")).orElse(DEFAULT_ENDPOINT);
        while (endpoint.endsWith("/")) {
            endpoint = endpoint.substring(0, endpoint.length() - 1);
        }
        Path hfHome = nonBlank(env.get("HF_HOME"))
                .map(value -> path(value, home))
                .orElseGet(() -> nonBlank(env.get("XDG_CACHE_HOME"))
                        .map(value -> path(value, home))
                        .orElse(home.resolve(".cache"))
                        .resolve("huggingface"));
        Path cache = nonBlank(env.get("HF_HUB_CACHE"))
                .or(() -> nonBlank(env.get("HUGGINGFACE_HUB_CACHE")))
                .map(value -> path(value, home))
                .orElse(hfHome.resolve("hub"));
        boolean offline = isTrue(env.get("HF_HUB_OFFLINE")) || isTrue(env.get("TRANSFORMERS_OFFLINE"));
        Optional<String> token = nonBlank(env.get("HF_TOKEN"))
                .or(() -> nonBlank(env.get("HUGGING_FACE_HUB_TOKEN")))
                .or(() -> TokenFile.read(nonBlank(env.get("HF_TOKEN_PATH"))
                        .map(value -> path(value, home))
                        .orElse(hfHome.resolve("token"))));
        Map<String, String> network = new java.util.HashMap<>();
        HubNetwork.VARIABLES.forEach(name -> nonBlank(env.get(name)).ifPresent(value -> network.put(name, value)));
        long pause = nonBlank(env.get("FINETUNE_HUB_RETRY_PAUSE_MS"))
                .map(Long::parseLong)
                .orElse(1000L);
        return new HubEnvironment(URI.create(endpoint), cache, offline, token, Map.copyOf(network), pause);
    }

    /** The timeouts and proxies; a bad value fails here, naming the variable. */
    HubNetwork network() {
        return HubNetwork.from(networkVariables);
    }

    /** huggingface_hub's rule for boolean variables. */
    static boolean isTrue(String value) {
        return value != null
                && switch (value.trim().toUpperCase(Locale.ROOT)) {
                    case "1", "ON", "YES", "TRUE" -> true;
                    default -> false;
                };
    }

    /**
     * A path variable as huggingface_hub reads it, with a leading {@code ~} for the home directory (its
     * expanduser): {@code HF_HOME=~/hf} is the user's hf folder, not a folder named "~" in the project. Both
     * separators follow it on Windows, as there.
     */
    static Path path(String value, Path home) {
        if (value.equals("~")) {
            return home;
        }
        if (value.startsWith("~/")
                || (value.startsWith("~\\")
                        && home.getFileSystem().getSeparator().equals("\\"))) {
            return home.resolve(value.substring(2));
        }
        return Path.of(value);
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    @Override
    public String toString() {
        return "HubEnvironment[endpoint=" + endpoint + ", cache=" + cacheDirectory + ", offline=" + offline + ", token="
                + (token.isPresent() ? "(set)" : "(none)") + ", network=" + networkVariables.keySet() + "]";
    }

    /** The token file huggingface_hub's login writes: line breaks removed, trimmed, empty means none. */
    private static final class TokenFile {
        static Optional<String> read(Path file) {
            try {
                if (!java.nio.file.Files.isRegularFile(file)) {
                    return Optional.empty();
                }
                String token = java.nio.file.Files.readString(file)
                        .replace("\r", "")
                        .replace("\n", "")
                        .trim();
                return token.isEmpty() ? Optional.empty() : Optional.of(token);
            } catch (java.io.IOException e) {
                return Optional.empty();
            }
        }
    }
}
