package dev.stellar.finetune.testing;

import java.util.Locale;
import java.util.Map;

/**
 * One request the {@link FakeHub} received, in arrival order: header names are lower-case, and a header
 * sent several times is joined with {@code ", "}.
 */
public record RecordedRequest(String method, String pathAndQuery, Map<String, String> headers) {

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** The value of a request header (any case), or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
