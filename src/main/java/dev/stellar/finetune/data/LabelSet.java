package dev.stellar.finetune.data;

import com.google.gson.reflect.TypeToken;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.io.Json;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

/** The label names in id order, as prepare-data decided them (labels.json beside the splits). */
public record LabelSet(List<String> names) {

    public LabelSet {
        names = List.copyOf(names);
    }

    public static Path file(Path dataDirectory) {
        return dataDirectory.resolve("labels.json");
    }

    public int size() {
        return names.size();
    }

    public void write(Path dataDirectory) {
        Json.write(file(dataDirectory), names);
    }

    public static LabelSet read(Path dataDirectory) {
        Path file = file(dataDirectory);
        List<String> names = Json.read(file, new TypeToken<List<String>>() {}.getType());
        if (names.isEmpty() || names.contains(null) || new HashSet<>(names).size() != names.size()) {
            throw new FinetuneException("File " + file + " is damaged: it must list the label names in id order,"
                    + " each once and none null, and holds " + names + ". Fix: run mvn finetune:prepare-data again.");
        }
        return new LabelSet(names);
    }
}
