package dev.stellar.finetune.pipeline;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.DataSettings;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.testing.TestModels;
import dev.stellar.finetune.testing.TestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build with {@code fork=false}: prepare-data runs inside Maven's own JVM, where a native tokenizer
 * panic (a WordPiece unk_token missing from its vocabulary, meeting a character it does not know) used to
 * abort Maven with exit 134 and no BUILD FAILURE line. Now the step ends in a ConfigurationException that
 * names the model's tokenizer.json and the fix.
 */
class MalformedTokenizerTest {

    @TempDir
    Path temp;

    @Test
    void prepareDataInProcessEndsInAMessageNotAJvmAbort() throws Exception {
        Path model = Files.createDirectories(temp.resolve("broken-model"));
        try (Stream<Path> files = Files.list(TestModels.tinyBert())) {
            for (Path file : files.toList()) {
                Files.copy(file, model.resolve(file.getFileName().toString()));
            }
        }
        Path tokenizerJson = model.resolve("tokenizer.json");
        JsonObject tokenizer =
                JsonParser.parseString(Files.readString(tokenizerJson)).getAsJsonObject();
        tokenizer.getAsJsonObject("model").getAsJsonObject("vocab").remove("[UNK]");
        Files.writeString(tokenizerJson, tokenizer.toString());
        Path dataset = Files.createDirectories(temp.resolve("data"));
        Files.writeString(
                dataset.resolve("train.csv"),
                "text,label\n"
                        + "a parrot \uD83E\uDD9C,1\nthe film was awful,0\na lovely story,1\na boring plot,0\n"
                                .repeat(3));

        FinetuneSettings base = TestSettings.tinySentiment(temp, TestSettings.quickTraining(1, 1e-3), null);
        DataSettings data = new DataSettings(
                dataset.toString(), Map.of(), List.of("text"), "label", List.of(), "train", null, null, 0.34, 0, 32);
        FinetuneSettings settings = base.withModel(model.toString()).withData(data);

        var e = assertThrows(
                ConfigurationException.class,
                () -> JobRunner.run(new Job(List.of(Step.PREPARE_DATA), settings), new RecordingLog(), Map.of()));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "Invalid model = " + model + ": its tokenizer " + tokenizerJson
                                        + " does not fit the model: its WordPiece model's unk_token \"[UNK]\" is not in its vocabulary"),
                e.getMessage());
        assertTrue(
                e.getMessage().contains(". Fix: add the unknown token to the vocabulary in tokenizer.json"),
                e.getMessage());
    }
}
