package dev.stellar.finetune.data;

import java.nio.file.Path;

/**
 * One data file of a split.
 *
 * @param path the absolute path, for reading and for error messages
 * @param name how summaries show it: relative to the data set directory, or as configured
 */
public record DataFile(Path path, String name) {

    @Override
    public String toString() {
        return name;
    }
}
