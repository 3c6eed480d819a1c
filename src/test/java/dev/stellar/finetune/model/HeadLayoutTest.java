package dev.stellar.finetune.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The classifier record the plugin writes into config.json reads back, and a damaged one is named. */
class HeadLayoutTest {

    private static final Path FILE = Path.of("model", "config.json");

    @Test
    void aWrittenRecordReadsBack() {
        JsonObject config = new JsonObject();
        HeadSettings head = new HeadSettings(List.of(64), 0.2, Pooling.MEAN);
        HeadLayout.write(config, head, List.of("negative", "positive"), "1.0");
        assertEquals(head, HeadLayout.readHead(config, FILE));
        assertEquals(List.of("negative", "positive"), HeadLayout.readLabels(config, FILE));
        assertNull(HeadLayout.readHead(new JsonObject(), FILE));
        assertEquals(List.of(), HeadLayout.readLabels(new JsonObject(), FILE));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"finetune": "yes"} | "finetune" is "yes" where a JSON object was expected
            {"finetune": {"pooling": "mean", "classifier_hidden_sizes": ["a"]}} | "finetune.classifier_hidden_sizes[0]" is "a" where a whole number was expected
            {"finetune": {"pooling": "mean", "classifier_hidden_sizes": [0]}} | "finetune.classifier_hidden_sizes[0]" is 0, outside the range 1 to 65536
            {"finetune": {"pooling": "mean", "classifier_dropout": 5}} | "finetune.classifier_dropout" is 5, outside [0, 1) (it is a probability)
            {"finetune": {"pooling": "max"}} | "finetune.pooling" is "max", not one of pooler, cls, mean
            {"finetune": {"classifier_dropout": 0.1}} | "finetune.pooling" is missing
            {"id2label": ["a", "b"]} | "id2label" is ["a","b"] where a JSON object was expected
            {"id2label": {"0": "a", "2": "c"}} | "id2label" has 2 entries but none for id 1
            {"id2label": {"0": {"name": "a"}}} | "id2label.0" is {"name":"a"} where a string was expected
            """)
    void aDamagedRecordIsRefusedNamingTheFile(String json, String expected) {
        JsonObject config = JsonParser.parseString(json).getAsJsonObject();
        var e = assertThrows(FinetuneException.class, () -> {
            HeadLayout.readHead(config, FILE);
            HeadLayout.readLabels(config, FILE);
        });
        assertTrue(
                e.getMessage().startsWith("File " + FILE + " has a malformed classifier record: " + expected),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith(". Fix: train the model again with finetune:freeze-and-train, which writes"
                                + " this record."),
                e.getMessage());
    }
}
