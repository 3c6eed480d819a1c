package dev.stellar.finetune.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.model.arch.Architecture;
import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.testing.GoldenFamily;
import dev.stellar.finetune.testing.TestModels;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java RoBERTa encoder against golden outputs that an independent float64 transcription of
 * transformers' RobertaModel computed for the tiny checkpoint (src/test/resources/tiny-roberta). Padded rows
 * are compared too: their positions (pad_token_id) and the random padding rows of the tables are in the golden.
 * With classifierHiddenSizes=none the head is RobertaClassificationHead (dense, tanh, out_proj on {@code <s>}).
 */
class RobertaGoldenTest extends FamilyGoldenTest {

    private static final GoldenFamily FIXTURE = new GoldenFamily("tiny-roberta");

    @Override
    GoldenFamily fixture() {
        return FIXTURE;
    }

    @Test
    void parametersCarryTransformersRobertaNames() {
        try (ClassifierModel model = FIXTURE.classifier(KernelKind.FP32)) {
            var names = model.network().namedParameters().keySet();
            assertTrue(names.contains("roberta.embeddings.position_embeddings.weight"));
            assertTrue(names.contains("roberta.encoder.layer.1.attention.self.query.weight"));
            assertTrue(names.stream().noneMatch(n -> n.contains("pooler")), "RoBERTa's classifier has no pooler");
            assertEquals(HEAD, model.initialised());
            assertEquals(
                    "Dropout(0.1)-Linear(32,32)-Tanh-Dropout(0.1)-Linear(32,3)",
                    model.network().classifier().describe());
        }
    }

    /** The classifier's parameters are exactly RobertaForSequenceClassification's state dict, names and shapes. */
    @Test
    void parametersAreRobertaForSequenceClassificationsStateDict() {
        try (ClassifierModel model = FIXTURE.classifier(KernelKind.FP32);
                Checkpoint checkpoint = Checkpoint.open(FIXTURE.directory())) {
            Map<String, List<Long>> actual = new TreeMap<>();
            model.network()
                    .parameterShapes()
                    .forEach((n, shape) -> actual.put(
                            n, Arrays.stream(shape.getShape()).boxed().toList()));
            assertEquals(GoldenFamily.shapes(checkpoint), actual);
        }
    }

    /**
     * Saved with classifierHiddenSizes=none and cls pooling, the model is RobertaForSequenceClassification:
     * config.json says so and model.safetensors holds exactly the fixture's tensor names and shapes.
     */
    @Test
    void aSavedModelIsRobertaForSequenceClassification(@TempDir Path target) throws Exception {
        FIXTURE.assertSavedModelIs("RobertaForSequenceClassification", target.resolve("model"));
    }

    @Test
    void theLongestRowIsThePositionTableLessThePaddingOffset() {
        EncoderConfig config = FIXTURE.directory().config();
        assertEquals(66, config.maxPositions());
        assertEquals(64, config.architecture().maxTokens(config));
    }

    /** transformers' XLMRoberta classes are Roberta's under other names: one family, one prefix. */
    @Test
    void xlmRobertaIsTheRobertaFamily() {
        assertEquals(Architecture.ROBERTA, Architecture.of("xlm-roberta").orElseThrow());
        assertEquals(Architecture.ROBERTA, Architecture.of("roberta").orElseThrow());
        assertEquals(java.util.Optional.empty(), Architecture.of("gpt2"));
    }

    @Test
    void usersSelectRobertaAndXlmRoberta() {
        assertEquals(
                Architecture.ROBERTA,
                ModelDirectory.open(TestModels.tinyRoberta(), "tiny-roberta")
                        .config()
                        .architecture());
        assertTrue(Architecture.selectableModelTypes().containsAll(List.of("bert", "roberta", "xlm-roberta")));
    }

    /** RobertaClassificationHead's parameters, which the model initialises (the labels are new). */
    private static final List<String> HEAD = List.of(
            "classifier.dense.weight",
            "classifier.dense.bias",
            "classifier.out_proj.weight",
            "classifier.out_proj.bias");
}
