package dev.stellar.finetune.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonPrimitive;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.testing.GoldenFamily;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java ELECTRA discriminator (embeddings 16 wide, projected to the layers' 32 by embeddings_project, then
 * BERT's layers) against golden outputs that an independent float64 transcription of transformers' ElectraModel
 * and ElectraForSequenceClassification computed for the tiny checkpoint (src/test/resources/tiny-electra).
 */
class ElectraGoldenTest extends FamilyGoldenTest {

    private static final GoldenFamily FIXTURE = new GoldenFamily("tiny-electra");

    @Override
    GoldenFamily fixture() {
        return FIXTURE;
    }

    @Test
    void theOwnHeadIsDenseGeluOutProj() {
        try (ClassifierModel model = FIXTURE.classifier(KernelKind.FP32)) {
            assertEquals(
                    List.of(
                            "classifier.dense.weight",
                            "classifier.dense.bias",
                            "classifier.out_proj.weight",
                            "classifier.out_proj.bias"),
                    model.initialised());
            assertEquals(
                    "Dropout(0.1)-Linear(32,32)-GELU-Dropout(0.1)-Linear(32,3)",
                    model.network().classifier().describe());
        }
    }

    /** Saved with its own head, the model loads in ElectraForSequenceClassification with strict names. */
    @Test
    void aSavedModelIsElectraForSequenceClassification(@TempDir Path target) throws Exception {
        FIXTURE.assertSavedModelIs("ElectraForSequenceClassification", target.resolve("model"));
    }

    /** The projection is frozen with the embeddings it alone reads: freezeLayerCount -1 freezes both. */
    @Test
    void freezingTheEmbeddingsFreezesTheirProjection() {
        GoldenFamily.Frozen frozen = FIXTURE.freeze(-1);
        assertEquals(FIXTURE.tensorNames(n -> !n.startsWith("electra.embeddings")), frozen.trainable());
        assertEquals(
                List.of("embeddings", "embeddings_project", "encoder.layer.0", "encoder.layer.1", "classifier"),
                frozen.rowNames());
        assertEquals(List.of("frozen", "frozen", "trainable", "trainable", "trainable"), frozen.rowStatuses());
        assertEquals(
                "ElectraEmbeddingsProjection", frozen.summary().rows().get(1).type());
        assertEquals(32 * 16 + 32, frozen.summary().rows().get(1).parameters());
    }

    @Test
    void freezeLayerCountTwoLeavesOnlyTheHeadTraining() {
        assertEquals(
                FIXTURE.tensorNames(n -> n.startsWith("classifier.")),
                FIXTURE.freeze(2).trainable());
    }

    @Test
    void relativePositionsAreRefused() {
        var e = assertThrows(
                ConfigurationException.class,
                () -> FIXTURE.configWith("position_embedding_type", new JsonPrimitive("relative_key")));
        assertTrue(e.getMessage().contains("position_embedding_type \"relative_key\""), e.getMessage());
    }

    @Test
    void theEmbeddingsAreNarrowerThanTheLayers() {
        EncoderConfig config = FIXTURE.directory().config();
        assertEquals(List.of(16, 32, 2), List.of(config.embeddingSize(), config.hiddenSize(), config.typeVocabSize()));
    }

    /** electra-large's embeddings are as wide as its layers: transformers builds no projection, nor does the plugin. */
    @Test
    void embeddingsAsWideAsTheLayersHaveNoProjection() throws Exception {
        assertTrue(parameterNames(FIXTURE.directory().config()).contains("embeddings_project.weight"));
        EncoderConfig config = FIXTURE.configWith("embedding_size", new JsonPrimitive(32));
        assertEquals(
                1,
                config.architecture()
                        .encoder(config, false, KernelKind.EAGER)
                        .embeddingBlocks()
                        .size());
        assertTrue(
                parameterNames(config).stream().noneMatch(n -> n.startsWith("embeddings_project")),
                parameterNames(config).toString());
    }

    private static Set<String> parameterNames(EncoderConfig config) {
        return config.architecture()
                .encoder(config, false, KernelKind.EAGER)
                .namedParameters()
                .keySet();
    }
}
