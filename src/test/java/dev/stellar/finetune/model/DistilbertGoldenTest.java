package dev.stellar.finetune.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonPrimitive;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.model.arch.Architecture;
import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.model.bert.BertLayer;
import dev.stellar.finetune.testing.GoldenFamily;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java DistilBERT (BERT's post-LN layer under DistilBERT's names, no token types) against golden outputs
 * that an independent float64 transcription of transformers' DistilBertModel and
 * DistilBertForSequenceClassification computed for the tiny checkpoint (src/test/resources/tiny-distilbert).
 */
class DistilbertGoldenTest extends FamilyGoldenTest {

    private static final GoldenFamily FIXTURE = new GoldenFamily("tiny-distilbert");

    @Override
    GoldenFamily fixture() {
        return FIXTURE;
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
    void sinusoidalPositionsAreRefused() {
        var e = assertThrows(
                ConfigurationException.class,
                () -> FIXTURE.configWith("sinusoidal_pos_embds", new JsonPrimitive(true)));
        assertTrue(e.getMessage().contains("sinusoidal_pos_embds true"), e.getMessage());
        assertTrue(e.getMessage().contains("tiny-distilbert"), e.getMessage());
    }

    /** freezeLayerCount 1: the embeddings and transformer.layer.0 stay fixed; layer 1 and the head train. */
    @Test
    void freezeLayerCountOneFreezesTheEmbeddingsAndTheFirstTransformerBlock() {
        GoldenFamily.Frozen frozen = FIXTURE.freeze(1);
        assertEquals(
                FIXTURE.tensorNames(
                        n -> n.startsWith("distilbert.transformer.layer.1.") || !n.startsWith("distilbert.")),
                frozen.trainable());
        assertEquals(20, frozen.trainable().size(), "16 tensors of a layer and 4 of the head");
        assertEquals(
                List.of("embeddings", "transformer.layer.0", "transformer.layer.1", "classifier"), frozen.rowNames());
        assertEquals(List.of("frozen", "frozen", "trainable", "trainable"), frozen.rowStatuses());
    }

    /**
     * DistilBERT's attention drops only its probabilities; BERT's BertSelfOutput also drops after the output
     * projection. Both kernels read the rate from the layer.
     */
    @Test
    void noDropoutFollowsTheAttentionOutputProjection() {
        try (ClassifierModel model = FIXTURE.classifier(KernelKind.FP32)) {
            assertEquals(0.1f, model.config().hiddenDropout());
            for (NamedBlock layer : model.network().encoder().layers()) {
                assertEquals(0f, ((BertLayer) layer).attentionOutputDropout());
            }
        }
    }
}
