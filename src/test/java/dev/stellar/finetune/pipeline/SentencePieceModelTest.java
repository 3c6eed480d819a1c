package dev.stellar.finetune.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.DataSettings;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.config.PredictSettings;
import dev.stellar.finetune.config.WorkLayout;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.testing.TestModels;
import dev.stellar.finetune.testing.TestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose tokenizer is only spm.model (as microsoft/deberta-v3-* ship it) prepares, trains and predicts;
 * the saved model carries the tokenizer.json built from it, so the app needs no SentencePiece.
 */
class SentencePieceModelTest {

    @TempDir
    Path temp;

    @Test
    void theSavedModelCarriesTheTokenizerJsonBuiltFromSpmModel() throws Exception {
        Path model = Files.createDirectories(temp.resolve("spm-model"));
        for (String name : List.of(ModelDirectory.CONFIG, ModelDirectory.WEIGHTS)) {
            Files.copy(TestModels.tinyBert().resolve(name), model.resolve(name));
        }
        for (String name : List.of(ModelDirectory.SPM, ModelDirectory.TOKENIZER_CONFIG)) {
            Files.copy(TestModels.resource("spm-deberta-v3").resolve(name), model.resolve(name));
        }
        Path dataset = Files.createDirectories(temp.resolve("data"));
        Files.writeString(
                dataset.resolve("train.csv"),
                "text,label\n" + "a lovely café,1\nthe film was awful,0\na great story,1\na boring plot,0\n".repeat(3));
        DataSettings data = new DataSettings(
                dataset.toString(), Map.of(), List.of("text"), "label", List.of(), "train", null, null, 0.34, 0, 32);
        FinetuneSettings settings = TestSettings.tinySentiment(temp, TestSettings.quickTraining(1, 1e-3), null)
                .withModel(model.toString())
                .withData(data);
        JobRunner.run(
                new Job(List.of(Step.PREPARE_DATA, Step.FREEZE_AND_TRAIN), settings), new RecordingLog(), Map.of());

        Path saved = new WorkLayout(settings.workDirectory()).modelDirectory();
        JsonObject tokenizer = JsonParser.parseString(Files.readString(saved.resolve(ModelDirectory.TOKENIZER)))
                .getAsJsonObject();
        assertEquals("Unigram", tokenizer.getAsJsonObject("model").get("type").getAsString());
        assertFalse(Files.exists(saved.resolve(ModelDirectory.SPM)), "tokenizer.json is all the app needs");
        JsonObject config = JsonParser.parseString(Files.readString(saved.resolve(ModelDirectory.TOKENIZER_CONFIG)))
                .getAsJsonObject();
        assertEquals("[MASK]", config.get("mask_token").getAsString());

        RecordingLog log = new RecordingLog();
        JobRunner.run(
                new Job(List.of(Step.PREDICT), settings, new PredictSettings("a great film", null, null, null, null)),
                log,
                Map.of());
        assertTrue(log.infos.stream().anyMatch(l -> l.startsWith("\"a great film\" -> ")), log.all());
    }
}
