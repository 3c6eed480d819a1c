package dev.stellar.finetune.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.testing.RandomBert;
import dev.stellar.finetune.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model directory that cannot work is refused with the parameter, the location and the fix. */
class ModelDirectoryTest {

    @TempDir
    Path temp;

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    private ConfigurationException refused(Path directory) {
        return assertThrows(ConfigurationException.class, () -> {
            ModelDirectory dir = ModelSources.standard(temp).resolve(directory.toString(), new RecordingLog());
            ClassifierModel.fromPretrained(
                            dir,
                            new HeadSettings(List.of(), 0.1, Pooling.POOLER),
                            List.of("a", "b"),
                            1,
                            new RecordingLog())
                    .close();
        });
    }

    @Test
    void aMissingDirectoryNamesTheParameter() {
        var e = refused(temp.resolve("nowhere"));
        assertTrue(e.getMessage().startsWith("Invalid model = "), e.getMessage());
        assertTrue(e.getMessage().contains("no model was found there"), e.getMessage());
    }

    @Test
    void missingConfigJson() throws Exception {
        Path dir = RandomBert.write(temp.resolve("m"), 1, 8, 16, 30522, true);
        Files.delete(dir.resolve("config.json"));
        assertTrue(refused(dir).getMessage().contains("has no config.json"));
    }

    @Test
    void onlyAPickleIsRefusedWithTheConversionHint() throws Exception {
        Path dir = RandomBert.write(temp.resolve("m"), 1, 8, 16, 30522, true);
        Files.move(dir.resolve("model.safetensors"), dir.resolve("pytorch_model.bin"));
        var e = refused(dir);
        assertTrue(e.getMessage().contains("only pytorch_model.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("safe_serialization=True"), e.getMessage());
    }

    @Test
    void missingTokenizerFiles() throws Exception {
        Path dir = RandomBert.write(temp.resolve("m"), 1, 8, 16, 30522, true);
        Files.delete(dir.resolve("tokenizer.json"));
        Files.delete(dir.resolve("vocab.txt"));
        assertTrue(
                refused(dir)
                        .getMessage()
                        .contains("has no tokenizer: neither tokenizer.json nor spm.model nor vocab.txt. Fix: add the"
                                + " model's tokenizer files (tokenizer.json; or spm.model for a SentencePiece"
                                + " tokenizer, vocab.txt for a WordPiece one)"),
                refused(dir).getMessage());
    }

    /** DeBERTa-v3 repositories ship spm.model and no tokenizer.json: the tokenizer is built from it. */
    @Test
    void aSentencePieceModelIsATokenizer() throws Exception {
        Path dir = RandomBert.write(temp.resolve("m"), 1, 8, 16, 30522, true);
        Files.delete(dir.resolve("tokenizer.json"));
        Files.delete(dir.resolve("vocab.txt"));
        Files.copy(TestModels.resource("spm-deberta-v3").resolve("spm.model"), dir.resolve("spm.model"));
        assertEquals(dir.resolve("spm.model"), ModelDirectory.open(dir, "m").tokenizerSource());
        Files.copy(TestModels.tinyBert().resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        assertEquals(
                dir.resolve("tokenizer.json"), ModelDirectory.open(dir, "m").tokenizerSource());
    }

    @Test
    void aConfigThatDoesNotMatchTheWeightsNamesTheShapes() throws Exception {
        Path dir = RandomBert.write(temp.resolve("m"), 1, 8, 16, 30522, true);
        JsonObject config = JsonParser.parseString(Files.readString(dir.resolve("config.json")))
                .getAsJsonObject();
        config.addProperty("intermediate_size", 32);
        Files.writeString(dir.resolve("config.json"), config.toString());
        var e = refused(dir);
        assertTrue(
                e.getMessage()
                        .contains("encoder.layer.0.intermediate.dense.weight has shape [16, 8] but"
                                + " config.json implies [32, 8]"),
                e.getMessage());
    }

    @Test
    void moreLayersInTheConfigThanInTheWeights() throws Exception {
        Path dir = RandomBert.write(temp.resolve("m"), 1, 8, 16, 30522, true);
        JsonObject config = JsonParser.parseString(Files.readString(dir.resolve("config.json")))
                .getAsJsonObject();
        config.addProperty("num_hidden_layers", 2);
        Files.writeString(dir.resolve("config.json"), config.toString());
        var e = refused(dir);
        assertTrue(
                e.getMessage()
                        .contains("its weights lack 16 tensor(s) that its config.json implies, e.g."
                                + " bert.encoder.layer.1.attention.self.query.weight"),
                e.getMessage());
    }

    @Test
    void aTruncatedWeightsFile() throws Exception {
        Path dir = RandomBert.write(temp.resolve("m"), 1, 8, 16, 30522, true);
        Path weights = dir.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        var e = refused(dir);
        assertTrue(e.getMessage().contains("is not a valid safetensors file"), e.getMessage());
        assertTrue(e.getMessage().contains("Fix: download or export the model again"), e.getMessage());
    }

    @Test
    void anotherArchitectureIsRefused() throws Exception {
        Path dir = RandomBert.write(temp.resolve("m"), 1, 8, 16, 30522, true);
        JsonObject config = JsonParser.parseString(Files.readString(dir.resolve("config.json")))
                .getAsJsonObject();
        config.addProperty("model_type", "t5");
        Files.writeString(dir.resolve("config.json"), config.toString());
        assertTrue(refused(dir).getMessage().contains("model_type \"t5\""));
    }

    @Test
    void freezingMoreLayersThanTheModelHasNamesTheLayerCount() {
        var e = assertThrows(ConfigurationException.class, () -> new FreezePlan(3, 2));
        assertTrue(
                e.getMessage().startsWith("Invalid freezeLayerCount = 3: the model has 2 encoder layers."),
                e.getMessage());
    }

    @Test
    void aCheckpointWithoutPoolerGetsAFreshOneAndAWarning() throws Exception {
        Path dir = RandomBert.write(temp.resolve("m"), 1, 8, 16, 30522, false);
        RecordingLog log = new RecordingLog();
        ModelDirectory model = ModelSources.standard(temp).resolve(dir.toString(), log);
        try (ClassifierModel classifier = ClassifierModel.fromPretrained(
                model, new HeadSettings(List.of(), 0.1, Pooling.POOLER), List.of("a", "b"), 1, log)) {
            assertTrue(classifier.initialised().contains("bert.pooler.dense.weight"));
            assertTrue(log.warnings.get(0).contains("has no pooler weights"), log.warnings.toString());
        }
        RecordingLog meanLog = new RecordingLog();
        try (ClassifierModel classifier = ClassifierModel.fromPretrained(
                model, new HeadSettings(List.of(), 0.1, Pooling.MEAN), List.of("a", "b"), 1, meanLog)) {
            assertTrue(classifier.network().encoder().pooler() == null, "mean pooling needs no pooler");
            assertTrue(meanLog.warnings.isEmpty());
        }
    }
}
