package dev.stellar.finetune.hub;

import java.io.IOException;
import java.net.URI;

/**
 * The Hub answered with an error, or could not be reached. Sources turn it into a message about the
 * parameter concerned; {@code errorCode} is the Hub's {@code X-Error-Code} (RepoNotFound, GatedRepo,
 * RevisionNotFound, EntryNotFound) when it sent one.
 */
public class HubResponseException extends IOException {

    private final int status;
    private final String errorCode;
    private final URI uri;

    HubResponseException(int status, String errorCode, String message, URI uri) {
        super(message);
        this.status = status;
        this.errorCode = errorCode == null ? "" : errorCode;
        this.uri = uri;
    }

    /** The HTTP status, or 0 when no answer came (network failure after retries). */
    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    public URI uri() {
        return uri;
    }

    public boolean isNotFound() {
        return status == 404 || errorCode.equals("RepoNotFound");
    }

    public boolean isGated() {
        return errorCode.equals("GatedRepo");
    }

    public boolean isUnreachable() {
        return status == 0 || status >= 500;
    }
}
