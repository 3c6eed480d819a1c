package dev.stellar.finetune.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.log.RecordingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A fine-tuned model's training.json, as predict reads it: damaged fields are named, not wrapped or thrown bare. */
class FineTunedModelTest {

    @TempDir
    Path temp;

    private FineTunedModel locate(String training) throws Exception {
        Path model = Files.createDirectories(temp.resolve("model"));
        Files.writeString(model.resolve("config.json"), "{\"id2label\": {\"0\": \"a\"}, \"finetune\": {}}");
        Files.writeString(model.resolve("tokenizer.json"), "{}");
        Files.writeString(model.resolve("training.json"), training);
        return FineTunedModel.locate(null, temp, model, temp.resolve("cache"), new RecordingLog());
    }

    @Test
    void aWellFormedTrainingJsonGivesMaxLengthAndColumns() throws Exception {
        FineTunedModel model = locate("{\"maxLength\": 64, \"textColumns\": [\"a\", \"b\"]}");
        assertEquals(64, model.maxLength());
        assertEquals(true, model.pairs());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"maxLength": "long"} | "maxLength" is "long" where a whole number was expected
            {"maxLength": 5000000000} | "maxLength" is 5000000000, outside the range 1 to 1048576
            {"maxLength": 64.5} | "maxLength" is 64.5, not a whole number
            {"textColumns": [1, 2]} | "textColumns" holds 1 where column names were expected
            {"textColumns": "text"} | "textColumns" is "text" where an array was expected
            """)
    void aDamagedTrainingJsonIsRefusedNamingTheFile(String training, String expected) throws Exception {
        var e = assertThrows(ConfigurationException.class, () -> locate(training));
        assertTrue(
                e.getMessage().contains(temp.resolve("model/training.json") + " is malformed: " + expected),
                e.getMessage());
    }
}
