package dev.stellar.finetune.hub;

import dev.stellar.finetune.config.ConfigurationException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How requests to the Hub go out: the timeouts and the proxies, read from the environment only when
 * something needs the network, so that a goal on local files never trips over a proxy setting.
 *
 * @param downloadTimeout how long a request may wait for its answer, and a download for its next byte
 *     (HF_HUB_DOWNLOAD_TIMEOUT, 10 s as in huggingface_hub)
 * @param etagTimeout how long a file's metadata request may take (HF_HUB_ETAG_TIMEOUT, 10 s)
 */
record HubNetwork(
        Duration downloadTimeout,
        Duration etagTimeout,
        Optional<ProxyAddress> httpsProxy,
        Optional<ProxyAddress> httpProxy,
        NoProxyRules noProxy) {

    static final String DOWNLOAD_TIMEOUT = "HF_HUB_DOWNLOAD_TIMEOUT";
    static final String ETAG_TIMEOUT = "HF_HUB_ETAG_TIMEOUT";
    static final List<String> VARIABLES = List.of(
            DOWNLOAD_TIMEOUT,
            ETAG_TIMEOUT,
            HubEnvironment.MAVEN_NON_PROXY_HOSTS,
            "https_proxy",
            "HTTPS_PROXY",
            "http_proxy",
            "HTTP_PROXY",
            "all_proxy",
            "ALL_PROXY",
            "no_proxy",
            "NO_PROXY");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** Parses the variables; a bad value fails naming the variable, the value and the fix. */
    static HubNetwork from(Map<String, String> env) {
        return new HubNetwork(
                seconds(env, DOWNLOAD_TIMEOUT),
                seconds(env, ETAG_TIMEOUT),
                proxy(env, "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"),
                proxy(env, "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"),
                NoProxyRules.of(
                        first(env, "no_proxy", "NO_PROXY")
                                .map(Map.Entry::getValue)
                                .orElse(null),
                        env.get(HubEnvironment.MAVEN_NON_PROXY_HOSTS)));
    }

    /** The proxy a request to this URI goes through, if any. */
    Optional<ProxyAddress> proxyFor(URI uri) {
        Optional<ProxyAddress> proxy = "https".equalsIgnoreCase(uri.getScheme()) ? httpsProxy : httpProxy;
        if (proxy.isEmpty() || uri.getHost() == null || noProxy.bypass(uri.getHost(), HubHttp.effectivePort(uri))) {
            return Optional.empty();
        }
        return proxy;
    }

    /** The same choice for the JDK's client. */
    ProxySelector selector() {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(proxyFor(uri)
                        .map(p -> new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.host(), p.port())))
                        .orElse(Proxy.NO_PROXY));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {
                // one proxy per scheme: nothing to fall back to
            }
        };
    }

    private static Optional<ProxyAddress> proxy(Map<String, String> env, String... names) {
        return first(env, names).map(e -> ProxyAddress.parse(e.getKey(), e.getValue()));
    }

    /** The first variable set (lowercase before uppercase, as curl and requests read them). */
    private static Optional<Map.Entry<String, String>> first(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(Map.entry(name, value.trim()));
            }
        }
        return Optional.empty();
    }

    private static Duration seconds(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return DEFAULT_TIMEOUT;
        }
        double seconds;
        try {
            seconds = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            seconds = Double.NaN;
        }
        if (!(seconds > 0 && seconds <= 24 * 3600)) {
            throw new ConfigurationException(
                    name,
                    value,
                    "is not a number of seconds above 0 (and at most 86400)",
                    "set it to the seconds to wait for the Hub, e.g. 10 (the default), or unset it");
        }
        return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
    }

    /** "10 s" or "0.5 s", for messages. */
    static String describe(Duration timeout) {
        long millis = timeout.toMillis();
        return (millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0)) + " s";
    }
}
