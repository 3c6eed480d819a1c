package dev.stellar.finetune.pipeline;

import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.data.LabelSet;
import dev.stellar.finetune.engine.PluginVersion;
import dev.stellar.finetune.io.Hashing;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.model.ModelDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything that decides a trained model, hashed: the plugin version, the content of the pretrained
 * model's files and of the prepared data, every training and head setting and the seed. Equal
 * fingerprints mean training would produce the same model again (on the same machine and thread count),
 * so it can be skipped.
 */
public record TrainingFingerprint(String value) {

    public static TrainingFingerprint of(FinetuneSettings settings, ModelDirectory pretrained) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("plugin", PluginVersion.get());
        inputs.put("model", hashes(pretrained.path(), modelFiles(pretrained.path())));
        Path data = settings.layout().dataDirectory();
        List<String> dataFiles = new ArrayList<>(List.of(
                LabelSet.file(data).getFileName().toString(),
                EncodedSplit.file(data, "train").getFileName().toString(),
                EncodedSplit.file(data, "validation").getFileName().toString()));
        for (String tokenizerFile : ModelDirectory.TOKENIZER_FILES) {
            if (Files.isRegularFile(data.resolve("tokenizer").resolve(tokenizerFile))) {
                dataFiles.add("tokenizer/" + tokenizerFile);
            }
        }
        inputs.put("data", hashes(data, dataFiles));
        inputs.put("training", settings.training());
        inputs.put("head", settings.head());
        inputs.put("seed", settings.seed());
        // A multi-label model's config.json records the threshold (the problem type is in the prepared data's hash).
        inputs.put("threshold", settings.data().labelling().threshold());
        return new TrainingFingerprint(Hashing.sha256(Json.compact(inputs)));
    }

    /** The first 12 hex digits, for log lines. */
    public String shortValue() {
        return value.substring(0, 12);
    }

    private static List<String> modelFiles(Path directory) {
        List<String> files = new ArrayList<>(List.of(ModelDirectory.CONFIG));
        try (Stream<Path> listing = Files.list(directory)) {
            listing.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".safetensors")
                            || n.equals(ModelDirectory.WEIGHTS_INDEX)
                            || ModelDirectory.TOKENIZER_FILES.contains(n))
                    .sorted()
                    .forEach(files::add);
        } catch (IOException e) {
            throw new FinetuneException("Cannot list " + directory + ": " + e.getMessage(), e);
        }
        return files;
    }

    private static Map<String, String> hashes(Path directory, List<String> names) {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (String name : names) {
            Path file = directory.resolve(name);
            try {
                hashes.put(name, Files.isRegularFile(file) ? Hashing.sha256(file) : "missing");
            } catch (IOException e) {
                throw new FinetuneException("Cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return hashes;
    }
}
