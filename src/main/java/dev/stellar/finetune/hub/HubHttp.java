package dev.stellar.finetune.hub;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.engine.PluginVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * HTTP to the Hub with the JDK's client: the token only ever goes to the Hub's own host (never to a CDN a
 * download is redirected to), failures worth retrying (dropped connections, 408, 429, 5xx) are retried up
 * to five times with a doubling pause, and redirects are followed only where the Hub's protocol says so.
 */
final class HubHttp {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Set<Integer> RETRIED = Set.of(408, 429, 500, 502, 503, 504);
    private static final int RETRIES = 5;
    private static final int MAX_REDIRECTS = 5;

    private final HubEnvironment environment;
    private final HttpClient client;
    private final String userAgent;

    HubHttp(HubEnvironment environment) {
        this.environment = environment;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(TIMEOUT);
        environment.proxy().ifPresent(p -> builder.proxy(ProxySelector.of(
                new InetSocketAddress(p.getHost(), p.getPort() < 0 ? 80 : p.getPort()))));
        client = builder.build();
        userAgent = "finetune-maven-plugin/" + PluginVersion.get() + "; java/" + System.getProperty("java.version");
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
            HttpResponse<String> response = send(request(current).GET().build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 300 && status < 400 && response.headers().firstValue("location").isPresent()) {
                current = current.resolve(response.headers().firstValue("location").get());
                continue;
            }
            if (status != 200) {
                throw error(response, response.body(), current);
            }
            Optional<URI> next = nextPage(response.headers().allValues("link"), current);
            return new JsonResponse(response.body(), next);
        }
        throw new HubResponseException(310, "", "too many redirects", uri);
    }

    /** A HEAD that follows only host-less redirects (a renamed repository), never one to another host. */
    HttpResponse<Void> head(URI uri) throws HubResponseException {
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<Void> response = send(request(current).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .header("accept-encoding", "identity").build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("location");
            if (status >= 300 && status < 400 && location.isPresent() && URI.create(location.get()).getHost() == null) {
                current = current.resolve(location.get());
                continue;
            }
            if (status >= 400) {
                throw error(response, "", current);
            }
            return response;
        }
        throw new HubResponseException(310, "", "too many redirects", uri);
    }

    /** A GET of a file's bytes from {@code offset} on (a Range request when above 0). */
    HttpResponse<InputStream> open(URI uri, long offset) throws HubResponseException {
        HttpRequest.Builder request = request(uri).GET();
        if (offset > 0) {
            request.header("range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> response = send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        if (status != 200 && status != 206) {
            String body = readQuietly(response.body());
            throw error(response, body, uri);
        }
        return response;
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("user-agent", userAgent);
        // The token is for the Hub alone: a download redirected to a CDN carries its own signature.
        if (environment.token().isPresent() && sameHost(uri, environment.endpoint())) {
            builder.header("authorization", "Bearer " + environment.token().get());
        }
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws HubResponseException {
        IOException last = null;
        for (int attempt = 0; attempt <= RETRIES; attempt++) {
            if (attempt > 0) {
                pause(attempt);
            }
            try {
                HttpResponse<T> response = client.send(request, handler);
                if (!RETRIED.contains(response.statusCode()) || attempt == RETRIES) {
                    return response;
                }
                if (response.body() instanceof InputStream in) {
                    readQuietly(in);
                }
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HubResponseException(0, "", "interrupted", request.uri());
            }
        }
        throw new HubResponseException(0, "", Objects.requireNonNullElse(last, new IOException("no answer")).toString(),
                request.uri());
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

    private static int effectivePort(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** Percent-encodes a path segment or a revision (a "/" becomes %2F). */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Encodes each segment of a repo path, keeping its slashes. */
    static String encodePath(String path) {
        return String.join("/", java.util.Arrays.stream(path.split("/")).map(HubHttp::encode).toList());
    }

    static String readQuietly(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** A JSON body and the next page's URI when the answer is paginated. */
    record JsonResponse(String body, Optional<URI> next) {

        <T> T as(Function<String, T> parser) {
            return parser.apply(body);
        }
    }
}
