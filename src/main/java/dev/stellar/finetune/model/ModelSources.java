package dev.stellar.finetune.model;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.log.BuildLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The model sources in the order they are asked; the first that recognises the location wins. */
public final class ModelSources {

    private final List<ModelSource> sources;

    public ModelSources(List<ModelSource> sources) {
        this.sources = List.copyOf(sources);
    }

    /** Local model directories only, relative to {@code baseDirectory}. */
    public static ModelSources standard(Path baseDirectory) {
        return new ModelSources(List.of(new LocalDirectorySource(baseDirectory)));
    }

    /**
     * The sources every build has: local model directories, and model zips or ONNX jars (a Maven artifact
     * arrives as one), unpacked once into {@code cacheDirectory}.
     */
    public static ModelSources standard(Path baseDirectory, Path cacheDirectory) {
        return new ModelSources(List.of(
                new LocalDirectorySource(baseDirectory), new ArchiveModelSource(baseDirectory, cacheDirectory)));
    }

    /** Resolves and checks the model directory: its config and weights must be there and consistent. */
    public ModelDirectory resolve(String location, BuildLog log) {
        if (location == null || location.isBlank()) {
            throw new ConfigurationException(
                    "model",
                    location,
                    "no model is configured",
                    "set <model> to a directory in Hugging Face layout (config.json, model.safetensors,"
                            + " tokenizer.json, spm.model or vocab.txt)");
        }
        for (ModelSource source : sources) {
            Optional<Path> directory = source.resolve(location.trim(), log);
            if (directory.isPresent()) {
                ModelDirectory model = ModelDirectory.open(directory.get(), location.trim());
                return source.resolvesHubIds() ? model.fromHub(location.trim()) : model;
            }
        }
        String tried = sources.stream().map(ModelSource::describe).collect(Collectors.joining(", "));
        throw new ConfigurationException(
                "model",
                location,
                "no model was found there (looked for " + tried + ")",
                "point <model> at an existing directory that holds config.json and model.safetensors");
    }
}
