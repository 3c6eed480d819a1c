package dev.stellar.finetune.testing;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request to the fake Hub and the means to answer it. Paths are split on the raw (still encoded)
 * form, so {@code refs%2Fconvert%2Fparquet} stays one segment, as on the Hub.
 */
final class HubExchange {

    static final String JSON = "application/json; charset=utf-8";
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    /** Thrown after part of a body went out: the server then closes the connection mid-body. */
    static final class Drop extends IOException {

        Drop(long sent) {
            super("fake Hub dropped the connection after " + sent + " body bytes");
        }
    }

    private final HttpExchange http;
    private final List<String> rawSegments;
    private boolean answered;

    HubExchange(HttpExchange http) {
        this.http = http;
        String path = http.getRequestURI().getRawPath();
        this.rawSegments =
                path.length() <= 1 ? List.of() : List.of(path.substring(1).split("/", -1));
    }

    String method() {
        return http.getRequestMethod();
    }

    boolean isHead() {
        return "HEAD".equals(method());
    }

    String rawPath() {
        return http.getRequestURI().getRawPath();
    }

    String rawQuery() {
        return http.getRequestURI().getRawQuery();
    }

    String pathAndQuery() {
        return rawQuery() == null ? rawPath() : rawPath() + "?" + rawQuery();
    }

    List<String> rawSegments() {
        return rawSegments;
    }

    /** The decoded path segments from {@code from} on. */
    List<String> segments(int from) {
        return rawSegments.subList(Math.min(from, rawSegments.size()), rawSegments.size()).stream()
                .map(HubExchange::decodeSegment)
                .toList();
    }

    /** Percent-decoding of a path segment: unlike a query, a "+" in a path is a plus. */
    static String decodeSegment(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The first value of a query parameter, decoded; null when absent. */
    String param(String name) {
        if (rawQuery() == null) {
            return null;
        }
        for (String pair : rawQuery().split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Every value of a repeated query parameter ({@code expand=a&expand=b}), decoded, in order. */
    List<String> params(String name) {
        List<String> values = new java.util.ArrayList<>();
        for (String pair : rawQuery() == null ? new String[0] : rawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0
                    && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8)
                            .equals(name)) {
                values.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    String requestHeader(String name) {
        return http.getRequestHeaders().getFirst(name);
    }

    /** The token of an {@code authorization: Bearer <token>} header, or null. */
    String bearerToken() {
        String value = requestHeader("authorization");
        if (value == null || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return value.substring(7).trim();
    }

    RecordedRequest record() {
        Map<String, String> headers = new LinkedHashMap<>();
        http.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
        return new RecordedRequest(method(), pathAndQuery(), headers);
    }

    HubExchange header(String name, String value) {
        http.getResponseHeaders().set(name, value);
        return this;
    }

    boolean answered() {
        return answered;
    }

    void json(int status, Object body) throws IOException {
        header("Content-Type", JSON);
        byte[] bytes = GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
        if (isHead()) {
            headersOnly(status);
            return;
        }
        try (OutputStream out = body(status, bytes.length)) {
            out.write(bytes);
        }
    }

    /** An error as the Hub sends it: {@code X-Error-Code} (when given), {@code X-Error-Message}, and
     * {@code {"error": message}}. */
    void error(int status, String errorCode, String message) throws IOException {
        if (errorCode != null) {
            header("X-Error-Code", errorCode);
            header("X-Error-Message", message);
        }
        json(status, Map.of("error", message));
    }

    /** A response without a body; a Content-Length set as a header (for HEAD) is sent as is. */
    void headersOnly(int status) throws IOException {
        if (!http.getResponseHeaders().containsKey("Content-Type")) {
            header("Content-Type", "text/plain; charset=utf-8");
        }
        answered = true;
        http.sendResponseHeaders(status, -1);
    }

    /** Sends the status line and headers with a fixed body length; the caller writes the body. */
    OutputStream body(int status, long length) throws IOException {
        answered = true;
        http.sendResponseHeaders(status, length == 0 ? -1 : length);
        return http.getResponseBody();
    }

    /** A JSON object with keys in the given order. */
    static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
