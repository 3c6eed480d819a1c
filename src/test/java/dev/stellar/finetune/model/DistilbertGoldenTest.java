package dev.stellar.finetune.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.model.arch.Architecture;
import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.testing.GoldenFamily;
import dev.stellar.finetune.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java DistilBERT (BERT's post-LN layer under DistilBERT's names, no token types) against golden outputs
 * that an independent float64 transcription of transformers' DistilBertModel and
 * DistilBertForSequenceClassification computed for the tiny checkpoint (src/test/resources/tiny-distilbert).
 */
class DistilbertGoldenTest {

    private static final GoldenFamily FIXTURE = new GoldenFamily("tiny-distilbert");

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    @ParameterizedTest(name = "{0} kernel")
    @MethodSource("dev.stellar.finetune.testing.GoldenCases#kernels")
    void lastHiddenStateMatchesTheReference(String name, KernelKind kernel, double tolerance) throws Exception {
        double error = FIXTURE.lastHiddenStateError(kernel);
        assertTrue(error < tolerance, "last_hidden_state differs by " + error);
    }

    /**
     * With classifierHiddenSizes=none the head is pre_classifier, ReLU, classifier on the first token: with the
     * fixture's own head weights the logits are DistilBertForSequenceClassification's.
     */
    @ParameterizedTest(name = "{0} kernel")
    @MethodSource("dev.stellar.finetune.testing.GoldenCases#kernels")
    void logitsMatchDistilBertForSequenceClassification(String name, KernelKind kernel, double tolerance)
            throws Exception {
        double error = FIXTURE.logitsError(kernel);
        assertTrue(error < tolerance, "logits differ by " + error);
    }

    @Test
    void theOwnHeadIsPreClassifierReluClassifier() {
        try (ClassifierModel model = FIXTURE.classifier(KernelKind.FP32)) {
            assertEquals(
                    List.of("pre_classifier.weight", "pre_classifier.bias", "classifier.weight", "classifier.bias"),
                    model.initialised());
            assertEquals(
                    "Linear(32,32)-ReLU-Dropout(0.1)-Linear(32,3)",
                    model.network().classifier().describe());
        }
    }

    /** Saved with its own head, the model loads in DistilBertForSequenceClassification with strict names. */
    @Test
    void aSavedModelIsDistilBertForSequenceClassification(@TempDir Path target) throws Exception {
        FIXTURE.assertSavedModelIs("DistilBertForSequenceClassification", target.resolve("model"));
    }

    @Test
    void theConfigReadsDistilBertsKeys() {
        EncoderConfig config = FIXTURE.directory().config();
        assertEquals(Architecture.DISTILBERT, config.architecture());
        assertEquals(
                List.of(32, 2, 2, 64, 0),
                List.of(
                        config.hiddenSize(),
                        config.numLayers(),
                        config.numHeads(),
                        config.intermediateSize(),
                        config.typeVocabSize()));
        assertEquals(1e-12f, config.layerNormEps());
    }

    /** transformers fixes sinusoidal positions; this plugin would train the table, so it refuses them. */
    @Test
    void sinusoidalPositionsAreRefused() throws Exception {
        Path file = FIXTURE.path().resolve("config.json");
        JsonObject json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                .getAsJsonObject();
        json.addProperty("sinusoidal_pos_embds", true);
        var e = assertThrows(ConfigurationException.class, () -> EncoderConfig.parse(json, file, "tiny", true));
        assertTrue(e.getMessage().contains("sinusoidal_pos_embds true"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()) || e.getMessage().contains("tiny"), e.getMessage());
    }
}
