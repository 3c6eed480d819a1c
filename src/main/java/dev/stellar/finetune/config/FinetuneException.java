package dev.stellar.finetune.config;

/**
 * A failure whose message is written for the person running the build: it says what went wrong and
 * what to do, so callers show the message and never the stack trace.
 */
public class FinetuneException extends RuntimeException {

    public FinetuneException(String message) {
        super(message);
    }

    public FinetuneException(String message, Throwable cause) {
        super(message, cause);
    }
}
