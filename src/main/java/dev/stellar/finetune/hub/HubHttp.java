package dev.stellar.finetune.hub;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.engine.PluginVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * HTTP to the Hub with the JDK's client: the token only ever goes to the Hub's own host (never to a CDN a
 * download is redirected to), failures worth retrying (dropped connections, timeouts, 408, 429, 5xx) are
 * retried up to five times with a doubling pause, redirects are followed only where the Hub's protocol
 * says so (at most five), and every wait is bounded: the answer's headers by the request timeout, every
 * read of a body by the same time without a byte (HF_HUB_DOWNLOAD_TIMEOUT; HF_HUB_ETAG_TIMEOUT for a
 * file's metadata).
 */
final class HubHttp {

    private static final Set<Integer> RETRIED = Set.of(408, 429, 500, 502, 503, 504);
    private static final int RETRIES = 5;
    private static final int MAX_REDIRECTS = 5;
    private static final String DOWNLOAD = HubNetwork.DOWNLOAD_TIMEOUT;
    private static final String ETAG = HubNetwork.ETAG_TIMEOUT;
    /**
     * The JDK drops a Basic Proxy-Authorization from the CONNECT of an https tunnel unless this property,
     * read once when its HTTP client first loads, leaves Basic out (its default is "Basic").
     */
    static final String TUNNELING_DISABLED_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";

    private final HubEnvironment environment;
    private final HubNetwork network;
    private final HttpClient client;
    private final String userAgent;

    /** Fails, naming the variable, when a proxy or timeout setting is malformed. */
    HubHttp(HubEnvironment environment) {
        this.environment = environment;
        this.network = environment.network();
        if (network.httpsProxy().flatMap(ProxyAddress::authorization).isPresent()) {
            allowBasicProxyAuthenticationInTunnels();
        }
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(network.downloadTimeout())
                .proxy(network.selector())
                .build();
        userAgent = "finetune-maven-plugin/" + PluginVersion.get() + "; java/" + System.getProperty("java.version");
    }

    /**
     * Unless the user chose otherwise. In the worker JVM nothing loads the JDK's HTTP client before this, so it
     * always takes effect; with fork=false it does only if nothing in Maven's JVM used that client first (the
     * README says to pass the property in MAVEN_OPTS then).
     */
    private static void allowBasicProxyAuthenticationInTunnels() {
        if (System.getProperty(TUNNELING_DISABLED_SCHEMES) == null) {
            System.setProperty(TUNNELING_DISABLED_SCHEMES, "");
        }
    }

    URI endpoint() {
        return environment.endpoint();
    }

    URI url(String path) {
        return URI.create(environment.endpoint() + path);
    }

    /** A GET of a JSON API, following the Hub's redirects (renamed repositories). */
    JsonResponse getJson(URI uri) throws HubResponseException {
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            Reply<String> reply =
                    send(request(current, network.downloadTimeout()).GET().build(), DOWNLOAD, HubHttp::readBody);
            HttpResponse<InputStream> response = reply.response();
            int status = response.statusCode();
            if (status >= 300
                    && status < 400
                    && response.headers().firstValue("location").isPresent()) {
                current = current.resolve(
                        response.headers().firstValue("location").get());
                continue;
            }
            if (status != 200) {
                throw error(response, reply.body(), current);
            }
            Optional<URI> next = nextPage(response.headers().allValues("link"), current);
            return new JsonResponse(reply.body(), next);
        }
        throw tooManyRedirects(uri);
    }

    /** A HEAD that follows only host-less redirects (a renamed repository), never one to another host. */
    HttpResponse<InputStream> head(URI uri) throws HubResponseException {
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<InputStream> response = send(
                            request(current, network.etagTimeout())
                                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                    .header("accept-encoding", "identity")
                                    .build(),
                            ETAG,
                            HubHttp::readBody)
                    .response();
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("location");
            if (status >= 300
                    && status < 400
                    && location.isPresent()
                    && URI.create(location.get()).getHost() == null) {
                current = current.resolve(location.get());
                continue;
            }
            if (status >= 400) {
                throw error(response, "", current);
            }
            return response;
        }
        throw tooManyRedirects(uri);
    }

    private static HubResponseException tooManyRedirects(URI uri) {
        return new HubResponseException(
                310, "", "more than " + MAX_REDIRECTS + " redirects (a loop?) from " + uri, uri);
    }

    /**
     * A GET of a file's bytes from {@code offset} on (a Range request when above 0). Every read of the body
     * waits at most HF_HUB_DOWNLOAD_TIMEOUT for data, then throws {@link IdleTimeoutBody.StalledException}.
     */
    HttpResponse<InputStream> open(URI uri, long offset) throws HubResponseException {
        HttpRequest.Builder request = request(uri, network.downloadTimeout()).GET();
        if (offset > 0) {
            request.header("range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> response =
                send(request.build(), DOWNLOAD, in -> in).response();
        int status = response.statusCode();
        if (status != 200 && status != 206) {
            String body = readQuietly(response.body());
            throw error(response, body, uri);
        }
        return response;
    }

    /** How long a download may go without a byte, and the variable that sets it. */
    Duration downloadTimeout() {
        return network.downloadTimeout();
    }

    private HttpRequest.Builder request(URI uri, Duration timeout) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(uri).timeout(timeout).header("user-agent", userAgent);
        // The token is for the Hub alone: a download redirected to a CDN carries its own signature.
        if (environment.token().isPresent() && sameHost(uri, environment.endpoint())) {
            builder.header("authorization", "Bearer " + environment.token().get());
        }
        // Preemptive Basic for an authenticating proxy: the JDK keeps proxy headers from the origin server.
        network.proxyFor(uri)
                .flatMap(ProxyAddress::authorization)
                .ifPresent(credentials -> builder.header("proxy-authorization", credentials));
        return builder;
    }

    private <T> Reply<T> send(HttpRequest request, String timeoutSetting, BodyReader<T> reader)
            throws HubResponseException {
        IOException last = null;
        for (int attempt = 0; attempt <= RETRIES; attempt++) {
            if (attempt > 0) {
                pause(attempt);
            }
            try {
                HttpResponse<InputStream> response = client.send(
                        request, IdleTimeoutBody.handler(request.timeout().orElse(network.downloadTimeout())));
                if (!RETRIED.contains(response.statusCode()) || attempt == RETRIES) {
                    return new Reply<>(response, reader.read(response.body()));
                }
                readQuietly(response.body());
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HubResponseException(0, "", "interrupted", request.uri());
            }
        }
        throw new HubResponseException(0, "", describe(last, request, timeoutSetting), request.uri());
    }

    /** What the last failure was; a timeout names the variable that sets it. */
    private static String describe(IOException last, HttpRequest request, String timeoutSetting) {
        if (last instanceof HttpTimeoutException || last instanceof IdleTimeoutBody.StalledException) {
            return "no answer within "
                    + request.timeout().map(HubNetwork::describe).orElse("the timeout") + " (" + timeoutSetting + ")";
        }
        return Objects.requireNonNullElse(last, new IOException("no answer")).toString();
    }

    /** 1, 2, 4, 8, 8 times the base pause, as huggingface_hub waits. */
    void pause(int attempt) {
        long factor = Math.min(8, 1L << (attempt - 1));
        try {
            Thread.sleep(environment.retryPauseMillis() * factor);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HubResponseException error(HttpResponse<?> response, String body, URI uri) {
        String code = response.headers().firstValue("x-error-code").orElse("");
        String message = response.headers().firstValue("x-error-message").orElse(errorField(body));
        return new HubResponseException(response.statusCode(), code, message, uri);
    }

    private static String errorField(String body) {
        try {
            JsonObject json = JsonParser.parseString(body).getAsJsonObject();
            return json.has("error") ? json.get("error").getAsString() : body;
        } catch (RuntimeException e) {
            return body == null ? "" : body.length() > 200 ? body.substring(0, 200) : body;
        }
    }

    private static String readBody(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Optional<URI> nextPage(List<String> links, URI base) {
        for (String header : links) {
            for (String link : header.split(",")) {
                if (link.contains("rel=\"next\"")) {
                    int start = link.indexOf('<');
                    int end = link.indexOf('>');
                    if (start >= 0 && end > start) {
                        return Optional.of(base.resolve(link.substring(start + 1, end)));
                    }
                }
            }
        }
        return Optional.empty();
    }

    static boolean sameHost(URI a, URI b) {
        return Objects.equals(a.getHost(), b.getHost()) && effectivePort(a) == effectivePort(b);
    }

    static int effectivePort(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** Percent-encodes a path segment or a revision (a "/" becomes %2F). */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Encodes each segment of a repo path, keeping its slashes. */
    static String encodePath(String path) {
        return String.join(
                "/",
                java.util.Arrays.stream(path.split("/")).map(HubHttp::encode).toList());
    }

    static String readQuietly(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Reads a response's body inside the retry loop, so a body that stalls is retried like a lost answer. */
    @FunctionalInterface
    private interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    private record Reply<T>(HttpResponse<InputStream> response, T body) {}

    /** A JSON body and the next page's URI when the answer is paginated. */
    record JsonResponse(String body, Optional<URI> next) {

        <T> T as(Function<String, T> parser) {
            return parser.apply(body);
        }
    }
}
