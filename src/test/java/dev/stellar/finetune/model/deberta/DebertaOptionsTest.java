package dev.stellar.finetune.model.deberta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.testing.TestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DebertaV2Config's own keys: read as DeBERTa-v3 sets them, and what the plugin does not implement refused at parse time. */
class DebertaOptionsTest {

    @Test
    void theFixtureIsReadAsDebertaV3() throws IOException {
        DebertaOptions options = DebertaOptions.of(parse(fixtureConfig()));
        assertEquals(new DebertaOptions(8, 64, true, true, 32, 0f), options);
        assertEquals(8, options.span());
        assertEquals(3, options.scaleFactor());
    }

    /** DebertaV2Config also takes pos_att_type as "p2c|c2p"; one term makes the scale's factor 2. */
    @Test
    void posAttTypeMayBeAStringAndNamesTheTerms() throws IOException {
        JsonObject config = fixtureConfig();
        config.add("pos_att_type", new JsonPrimitive("c2p"));
        DebertaOptions options = DebertaOptions.of(parse(config));
        assertTrue(options.contentToPosition());
        assertFalse(options.positionToContent());
        assertEquals(2, options.scaleFactor());
        config.add("pos_att_type", new JsonPrimitive("P2C|c2p"));
        assertEquals(3, DebertaOptions.of(parse(config)).scaleFactor());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "relative_attention; false",
                "position_biased_input; true",
                "share_att_key; false",
                "norm_rel_ebd; \"none\"",
                "type_vocab_size; 2",
                "conv_kernel_size; 3",
                "pooler_hidden_act; \"tanh\"",
                "pos_att_type; [\"p2c\", \"p2p\"]"
            })
    void whatThePluginDoesNotImplementIsRefusedNamingTheKey(String key, String value) throws IOException {
        JsonObject config = fixtureConfig();
        config.add(key, JsonParser.parseString(value));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> parse(config));
        assertTrue(e.getMessage().contains("config.json has " + key + " "), e.getMessage());
        assertTrue(e.getMessage().contains("microsoft/deberta-v3-base"), e.getMessage());
    }

    @Test
    void withoutBucketsTheSpanIsMaxRelativePositions() throws IOException {
        JsonObject config = fixtureConfig();
        config.add("position_buckets", new JsonPrimitive(-1));
        config.add("max_relative_positions", new JsonPrimitive(6));
        DebertaOptions options = DebertaOptions.of(parse(config));
        assertEquals(6, options.span());
        RelativePositions positions = new RelativePositions(options);
        assertEquals(9, positions.bucket(9));
        assertEquals(11, positions.row(5));
        assertEquals(11, positions.row(40));
        assertEquals(6, positions.saturation());
    }

    private static EncoderConfig parse(JsonElement config) {
        return EncoderConfig.parse(config, Path.of("config.json"), "tiny-deberta-v2", true);
    }

    private static JsonObject fixtureConfig() throws IOException {
        return JsonParser.parseString(
                        Files.readString(TestModels.tinyDebertaV2().resolve("config.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }
}
