package dev.stellar.finetune.model;

import dev.stellar.finetune.log.BuildLog;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** A model already on disk: the location is a directory path (absolute, or relative to the project). */
public final class LocalDirectorySource implements ModelSource {

    private final Path baseDirectory;

    /** @param baseDirectory what relative paths are resolved against (the project's base directory) */
    public LocalDirectorySource(Path baseDirectory) {
        this.baseDirectory = baseDirectory;
    }

    @Override
    public String describe() {
        return "a local directory";
    }

    @Override
    public Optional<Path> resolve(String location, BuildLog log) {
        try {
            Path path = baseDirectory.resolve(location).normalize();
            return Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
