package dev.stellar.finetune.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.io.SafetensorsFile;
import dev.stellar.finetune.io.TensorInfo;
import dev.stellar.finetune.model.arch.Architecture;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The weights of a model directory: one model.safetensors, or shards listed in
 * model.safetensors.index.json. Looks tensors up by Hugging Face name, accepting the variants older
 * checkpoints use (the encoder's prefix, {@code bert.} or {@code roberta.}, or none; LayerNorm {@code gamma}/{@code beta}).
 */
public final class Checkpoint implements AutoCloseable {

    private final List<SafetensorsFile> files = new ArrayList<>();
    private final Map<String, SafetensorsFile> byName = new LinkedHashMap<>();

    private Checkpoint() {}

    public static Checkpoint open(ModelDirectory model) {
        Checkpoint checkpoint = new Checkpoint();
        try {
            Path single = model.path().resolve(ModelDirectory.WEIGHTS);
            if (Files.isRegularFile(single)) {
                checkpoint.add(single, model.location());
            } else {
                for (Path shard : shards(model)) {
                    checkpoint.add(shard, model.location());
                }
            }
            return checkpoint;
        } catch (RuntimeException e) {
            checkpoint.close();
            throw e;
        }
    }

    private static List<Path> shards(ModelDirectory model) {
        Path index = model.path().resolve(ModelDirectory.WEIGHTS_INDEX);
        try {
            JsonObject weightMap = JsonParser.parseString(Files.readString(index, StandardCharsets.UTF_8))
                    .getAsJsonObject()
                    .getAsJsonObject("weight_map");
            List<Path> shards = new ArrayList<>();
            for (Map.Entry<String, JsonElement> e : weightMap.entrySet()) {
                Path shard = model.path().resolve(e.getValue().getAsString()).normalize();
                if (!shard.startsWith(model.path().normalize())) {
                    throw new ConfigurationException(
                            "model",
                            model.location(),
                            index + " points outside the model" + " directory ("
                                    + e.getValue().getAsString() + ")",
                            "repair the index file");
                }
                if (!shards.contains(shard)) {
                    shards.add(shard);
                }
            }
            return shards;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ConfigurationException c) {
                throw c;
            }
            throw new ConfigurationException(
                    "model",
                    model.location(),
                    index + " is not a valid safetensors index",
                    "restore model.safetensors.index.json with its weight_map");
        }
    }

    private void add(Path file, String location) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(
                    "model", location, "the weights file " + file + " is missing", "download the model again");
        }
        SafetensorsFile opened;
        try {
            opened = SafetensorsFile.open(file);
        } catch (FinetuneException e) {
            String problem = e.getMessage().endsWith(".")
                    ? e.getMessage().substring(0, e.getMessage().length() - 1)
                    : e.getMessage();
            throw new ConfigurationException("model", location, problem, "download or export the model again", e);
        }
        files.add(opened);
        for (String name : opened.tensors().keySet()) {
            byName.putIfAbsent(name, opened);
        }
    }

    /** All tensor names the checkpoint holds. */
    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    /** The stored name under which {@code name} (a full name such as {@code bert.encoder...}) is found. */
    public Optional<String> find(String name) {
        for (String candidate : candidates(name)) {
            if (byName.containsKey(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public TensorInfo info(String storedName) {
        return byName.get(storedName).info(storedName);
    }

    /** F32 values in a fresh native-order direct buffer. */
    public ByteBuffer floats(String storedName) {
        return byName.get(storedName).floatsDirect(storedName);
    }

    private static List<String> candidates(String name) {
        List<String> names = new ArrayList<>();
        List<String> bases = new ArrayList<>();
        bases.add(name);
        String prefix = Arrays.stream(Architecture.values())
                .map(a -> a.prefix() + ".")
                .filter(name::startsWith)
                .findFirst()
                .orElse(null);
        if (prefix != null) {
            bases.add(name.substring(prefix.length()));
        } else {
            bases.add("bert." + name);
        }
        for (String base : bases) {
            names.add(base);
            if (base.endsWith("LayerNorm.weight")) {
                names.add(base.substring(0, base.length() - "weight".length()) + "gamma");
            } else if (base.endsWith("LayerNorm.bias")) {
                names.add(base.substring(0, base.length() - "bias".length()) + "beta");
            }
        }
        return names;
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
