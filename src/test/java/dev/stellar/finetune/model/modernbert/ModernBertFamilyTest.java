package dev.stellar.finetune.model.modernbert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.FreezePlan;
import dev.stellar.finetune.model.ModelSummary;
import dev.stellar.finetune.model.arch.Architecture;
import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the ModernBERT family reads its config.json and freezes its parameters. */
class ModernBertFamilyTest {

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    /** freezeLayerCount 1: the embeddings and layer 0 stay; layers 1 and 2, final_norm and the head train. */
    @Test
    void freezingTheFirstLayerLeavesTheRestAndTheFinalNormTraining() {
        assertEquals(
                Set.of("model.layers.1.", "model.layers.2.", "model.final_norm.", "head.", "classifier."),
                trainedModules(1));
    }

    /** The final norm follows the last layer: it is frozen only with every layer. */
    @Test
    void freezingEveryLayerFreezesTheFinalNormToo() {
        assertEquals(Set.of("head.", "classifier."), trainedModules(3));
    }

    @Test
    void freezingTheEmbeddingsOnly() {
        assertEquals(
                Set.of(
                        "model.layers.0.",
                        "model.layers.1.",
                        "model.layers.2.",
                        "model.final_norm.",
                        "head.",
                        "classifier."),
                trainedModules(-1));
    }

    /** The summary lists ModernBertModel's blocks under their names, final_norm included. */
    @Test
    void theSummaryListsTheBlocks() {
        try (ClassifierModel model = ModernBertGoldenTest.classifier(KernelKind.FP32, Pooling.MEAN)) {
            new FreezePlan(3, 3).apply(model);
            ModelSummary summary = ModelSummary.of(model);
            assertEquals(
                    List.of("embeddings", "layers.0", "layers.1", "layers.2", "final_norm", "classifier"),
                    summary.rows().stream().map(ModelSummary.Row::name).toList());
            // Layer 0 has no attn_norm: 32 fewer than the others.
            assertEquals(
                    summary.rows().get(1).parameters() + 32,
                    summary.rows().get(2).parameters());
            assertEquals(32 * 32 + 32 + 3 * 32 + 3, summary.trainable(), "only the head trains");
        }
    }

    private static final List<String> MODULES = List.of(
            "model.embeddings.",
            "model.layers.0.",
            "model.layers.1.",
            "model.layers.2.",
            "model.final_norm.",
            "head.",
            "classifier.");

    /** The modules whose parameters train, as name prefixes ({@code model.layers.N.}, {@code head.}). */
    private static Set<String> trainedModules(int freezeLayerCount) {
        try (ClassifierModel model = ModernBertGoldenTest.classifier(KernelKind.FP32, Pooling.MEAN)) {
            new FreezePlan(freezeLayerCount, 3).apply(model);
            Set<String> modules = new TreeSet<>();
            for (String name : model.trainableParameters().keySet()) {
                modules.add(
                        MODULES.stream().filter(name::startsWith).findFirst().orElse(name));
            }
            return modules;
        }
    }

    @Test
    void theFixtureReadsAsModernBert() throws Exception {
        EncoderConfig config = parse(fixtureConfig());
        assertEquals(Architecture.MODERNBERT, config.architecture());
        ModernBertConfig options = ModernBertConfig.of(config);
        assertEquals(List.of(false, true, true), List.of(options.isLocal(0), options.isLocal(1), options.isLocal(2)));
        assertEquals(2, options.windowRadius());
        assertEquals(160_000, options.ropeTheta(0));
        assertEquals(10_000, options.ropeTheta(1));
        assertEquals(Pooling.MEAN, Architecture.MODERNBERT.ownPooling(config.raw()));
        assertEquals(128, Architecture.MODERNBERT.maxTokens(config));
        assertEquals(1e-5f, config.layerNormEps());
    }

    @Test
    void clsIsTheDefaultPooling() throws Exception {
        JsonObject json = fixtureConfig();
        json.remove("classifier_pooling");
        assertEquals(Pooling.CLS, Architecture.MODERNBERT.ownPooling(json));
        assertEquals(Pooling.CLS, ModernBertConfig.of(parse(json)).classifierPooling());
    }

    /** What the plugin does not implement is refused with the key, the value and the fix. */
    @ParameterizedTest
    @CsvSource({
        "norm_bias, true",
        "attention_bias, true",
        "mlp_bias, true",
        "classifier_pooling, \"max\"",
        "classifier_activation, \"silu\"",
    })
    void unsupportedOptionsAreRefused(String key, String value) throws Exception {
        JsonObject json = fixtureConfig();
        json.add(key, JsonParser.parseString(value));
        var e = assertThrows(ConfigurationException.class, () -> parse(json));
        assertTrue(e.getMessage().contains(key + " " + value), e.getMessage());
        assertTrue(e.getMessage().contains("use a checkpoint whose config.json has " + key), e.getMessage());
    }

    @Test
    void anOddHeadSizeIsRefused() throws Exception {
        JsonObject json = fixtureConfig();
        json.addProperty("num_attention_heads", 32);
        var e = assertThrows(ConfigurationException.class, () -> parse(json));
        assertTrue(e.getMessage().contains("attention heads of 1 dimensions"), e.getMessage());
    }

    private static JsonObject fixtureConfig() throws Exception {
        return JsonParser.parseString(
                        Files.readString(TestModels.tinyModernBert().resolve("config.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    private static EncoderConfig parse(JsonObject json) {
        return EncoderConfig.parse(json, Path.of("config.json"), "tiny-modernbert", true);
    }
}
