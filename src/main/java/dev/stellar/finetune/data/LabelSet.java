package dev.stellar.finetune.data;

import com.google.gson.reflect.TypeToken;
import dev.stellar.finetune.io.Json;
import java.nio.file.Path;
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
        List<String> names = Json.read(file(dataDirectory), new TypeToken<List<String>>() { }.getType());
        return new LabelSet(names);
    }
}
