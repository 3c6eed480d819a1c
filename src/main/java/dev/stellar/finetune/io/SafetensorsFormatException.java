package dev.stellar.finetune.io;

import dev.stellar.finetune.config.FinetuneException;

/** A safetensors file whose header or layout is broken (truncated, overlapping, wrong sizes). */
public class SafetensorsFormatException extends FinetuneException {

    public SafetensorsFormatException(String message) {
        super(message);
    }
}
