package dev.stellar.finetune.pipeline;

import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.config.WorkLayout;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.data.LabelSet;
import dev.stellar.finetune.data.PreparedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads what prepare-data left in target/finetune/data, with a clear message when it is not there. */
final class PreparedInputs {

    private final Path directory;

    PreparedInputs(WorkLayout layout) {
        this.directory = layout.dataDirectory();
    }

    LabelSet labels() {
        if (!Files.isRegularFile(LabelSet.file(directory))) {
            throw missing();
        }
        return LabelSet.read(directory);
    }

    EncodedSplit split(String role) {
        return optionalSplit(role).orElseThrow(this::missing);
    }

    Optional<EncodedSplit> optionalSplit(String role) {
        Path file = EncodedSplit.file(directory, role);
        return Files.isRegularFile(file) ? Optional.of(EncodedSplit.read(file)) : Optional.empty();
    }

    /** What prepare-data recorded: maxLength, text columns, labels (stats.json). */
    PreparedData encoding() {
        if (!Files.isRegularFile(PreparedData.file(directory))) {
            throw missing();
        }
        return PreparedData.read(directory);
    }

    Path tokenizerDirectory() {
        Path tokenizer = directory.resolve("tokenizer");
        if (!Files.isDirectory(tokenizer)) {
            throw missing();
        }
        return tokenizer;
    }

    private FinetuneException missing() {
        return new FinetuneException("No prepared data in " + directory
                + ". Fix: run mvn finetune:prepare-data first (or mvn finetune:train, which runs all steps).");
    }
}
