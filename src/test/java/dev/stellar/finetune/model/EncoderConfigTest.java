package dev.stellar.finetune.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** config.json is checked, key by key, before anything is built from it. */
class EncoderConfigTest {

    private static final Path FILE = TestModels.tinyBert().resolve("config.json");

    private static JsonObject tiny() throws Exception {
        return JsonParser.parseString(Files.readString(FILE)).getAsJsonObject();
    }

    @Test
    void theTestModelsConfigReadsAsWritten() throws Exception {
        EncoderConfig c = EncoderConfig.parse(tiny(), FILE, "tiny-bert");
        assertEquals(30522, c.vocabSize());
        assertEquals(16, c.headSize());
        assertEquals(0.1f, c.hiddenDropout());
        assertEquals(2, c.typeVocabSize());
    }

    /** Each hostile value, as the key's JSON text, and the words the message must hold. */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            num_hidden_layers | 5000000 | "num_hidden_layers" is 5000000, outside the range 1 to 256
            hidden_size | 32.5 | "hidden_size" is 32.5, not a whole number
            hidden_size | "32" | "hidden_size" is "32" where a whole number was expected
            hidden_size | -32 | "hidden_size" is -32, outside the range 1 to 65536
            vocab_size | 5000000000 | "vocab_size" is 5000000000, outside the range 1 to 16777216
            vocab_size | 5e9 | "vocab_size" is 5e9, outside the range 1 to 16777216
            vocab_size | null | "vocab_size" is missing; it must be a whole number from 1 to 16777216
            intermediate_size | 0 | "intermediate_size" is 0, outside the range 1 to 262144
            num_attention_heads | 64 | "num_attention_heads" is 64, outside the range 1 to 32
            num_attention_heads | 3 | hidden_size 32, which num_attention_heads 3 does not divide
            hidden_dropout_prob | 5 | "hidden_dropout_prob" is 5, outside [0, 1) (it is a probability)
            attention_probs_dropout_prob | -0.1 | "attention_probs_dropout_prob" is -0.1, outside [0, 1) (it is a probability)
            hidden_dropout_prob | 1 | "hidden_dropout_prob" is 1, outside [0, 1) (it is a probability)
            hidden_dropout_prob | "0.1" | "hidden_dropout_prob" is "0.1" where a number was expected
            max_position_embeddings | 1e12 | "max_position_embeddings" is 1e12, outside the range 1 to 1048576
            type_vocab_size | 70000 | "type_vocab_size" is 70000, outside the range 0 to 1024
            pad_token_id | 30522 | "pad_token_id" is 30522, outside the range 0 to 30521
            layer_norm_eps | 0 | "layer_norm_eps" is 0, outside [1.0E-30, 1]
            initializer_range | -1 | "initializer_range" is -1, outside [0, 1]
            layer_norm_eps | NaN | "layer_norm_eps" is "NaN" where a number was expected
            model_type | 7 | "model_type" is 7 where a string was expected
            """)
    void aHostileValueIsRefusedNamingTheKeyAndTheFile(String key, String value, String expected) throws Exception {
        JsonObject config = tiny();
        config.add(key, JsonParser.parseString(value));
        var e = assertThrows(ConfigurationException.class, () -> EncoderConfig.parse(config, FILE, "tiny-bert"));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith("Invalid model = tiny-bert: "), e.getMessage());
        assertTrue(expected.contains("does not divide") || e.getMessage().contains(FILE.toString()), e.getMessage());
    }

    @Test
    void aModelTypeNotSupportedIsRefusedNamingItAndTheSupportedOnes() throws Exception {
        JsonObject config = tiny();
        config.addProperty("model_type", "gpt2");
        var e = assertThrows(ConfigurationException.class, () -> EncoderConfig.parse(config, FILE, "tiny-bert"));
        assertTrue(e.getMessage().contains("model_type \"gpt2\""), e.getMessage());
        for (String supported : dev.stellar.finetune.model.arch.Architecture.selectableModelTypes()) {
            assertTrue(e.getMessage().contains(supported), e.getMessage());
        }
        assertTrue(e.getMessage().contains("bert, roberta, xlm-roberta"), e.getMessage());
    }

    @Test
    void aConfigThatIsNoObjectIsRefusedNamingTheFile() {
        var e = assertThrows(
                ConfigurationException.class,
                () -> EncoderConfig.parse(JsonParser.parseString("[1, 2]"), FILE, "tiny-bert"));
        assertTrue(
                e.getMessage()
                        .contains(FILE + " is not a usable config.json: it holds [1,2] where a JSON"
                                + " object was expected"),
                e.getMessage());
    }
}
