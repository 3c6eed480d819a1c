package dev.stellar.finetune.data;

import com.google.gson.reflect.TypeToken;
import dev.stellar.finetune.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The raw texts of a prepared split, row for row with its encoded rows, kept so that reports can show the
 * examples a model got wrong (token ids cannot be turned back into the original text).
 */
public final class SplitTexts {

    /** One row's text and, for sentence pairs, its second text ({@code null} otherwise). */
    public record Text(String text, String pair) {}

    private SplitTexts() {}

    public static Path file(Path dataDirectory, String role) {
        return dataDirectory.resolve(role + ".texts.json");
    }

    public static void write(Path dataDirectory, String role, List<RawRow> rows) {
        Json.write(
                file(dataDirectory, role),
                rows.stream().map(r -> new Text(r.text(), r.pair())).toList());
    }

    /** The texts, or empty where prepare-data did not keep them (data prepared by an older plugin). */
    public static Optional<List<Text>> read(Path dataDirectory, String role) {
        Path file = file(dataDirectory, role);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(Json.read(file, new TypeToken<List<Text>>() {}.getType()));
    }
}
