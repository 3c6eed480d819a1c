package dev.stellar.finetune.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.config.HubSettings;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.arch.Architecture;
import dev.stellar.finetune.testing.FakeHub;
import dev.stellar.finetune.testing.TestSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * finetune:models: the architectures with well-known checkpoints, and a Hub search that says which models the
 * plugin can fine-tune (both listings are printed for review). Which families are selectable is read from
 * Architecture, as the step reads it.
 */
class ModelsStepTest {

    @TempDir
    Path project;

    private FakeHub hub;

    @BeforeEach
    void start() throws Exception {
        hub = FakeHub.start();
        // Added in this order, which the fake's search keeps: unsupported ones first, to be moved last.
        addConfigOnly("openai-community/tiny-gpt2", "gpt2");
        hub.addModel("someone/tiny-gguf", Map.of("model.gguf", new byte[] {1, 2, 3}), Set.of());
        addConfigOnly("distilbert/tiny-distilbert", "distilbert");
        hub.addTinyModel("google-bert/tiny-bert");
        hub.addFixtureModel("FacebookAI/tiny-roberta", "tiny-roberta");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private void addConfigOnly(String id, String modelType) {
        byte[] config = ("{\"model_type\": \"" + modelType + "\"}").getBytes(StandardCharsets.UTF_8);
        hub.addModel(id, Map.of("config.json", config), Set.of());
    }

    private ModelCatalog list(String query, RecordingLog log, String... environment) {
        Map<String, String> env = new HashMap<>(Map.of(
                "HF_ENDPOINT",
                hub.endpoint().toString(),
                "HF_HOME",
                project.resolve("hf").toString(),
                "FINETUNE_HUB_RETRY_PAUSE_MS",
                "1"));
        for (int i = 0; i < environment.length; i += 2) {
            env.put(environment[i], environment[i + 1]);
        }
        Job job =
                new Job(List.of(Step.LIST_MODELS), TestSettings.of(project, null, null, HubSettings.defaults()), query);
        return JobRunner.run(job, log, env).models();
    }

    private static boolean selectable(String modelType) {
        return Architecture.of(modelType).map(Architecture::selectable).orElse(false);
    }

    @Test
    void aSearchListsFineTunableModelsFirstWithTheirModelType() {
        RecordingLog log = new RecordingLog();
        ModelCatalog catalog = list("tiny", log);
        System.out.println(log.all()); // for review: the listing as a user sees it

        List<String> expected = new ArrayList<>(List.of("google-bert/tiny-bert", "FacebookAI/tiny-roberta"));
        // DistilBERT moves up among the fine-tunable once its family is selectable; until then it is "coming".
        expected.add(selectable("distilbert") ? 0 : 2, "distilbert/tiny-distilbert");
        expected.addAll(List.of("openai-community/tiny-gpt2", "someone/tiny-gguf"));
        assertEquals(
                expected, catalog.matches().stream().map(ModelCatalog.Match::id).toList());

        ModelCatalog.Match bert = catalog.matches().get(expected.indexOf("google-bert/tiny-bert"));
        assertEquals("bert", bert.modelType());
        assertEquals("bert", bert.family());
        assertTrue(bert.fineTunable());
        ModelCatalog.Match distilbert = catalog.matches().get(expected.indexOf("distilbert/tiny-distilbert"));
        assertEquals("distilbert", distilbert.family());
        assertEquals(selectable("distilbert"), distilbert.fineTunable());
        ModelCatalog.Match gpt2 = catalog.matches().get(expected.indexOf("openai-community/tiny-gpt2"));
        assertEquals("gpt2", gpt2.modelType());
        assertNull(gpt2.family());
        assertFalse(gpt2.fineTunable());
        assertNull(catalog.matches().get(expected.size() - 1).modelType(), "no config.json, no model_type");
        assertEquals(catalog, Json.fromTree(Json.tree(catalog), ModelCatalog.class), "as a worker sends it back");

        assertTrue(log.infos.get(0).startsWith("Models on " + hub.endpoint() + " matching 'tiny'"), log.all());
        String first = expected.get(0);
        assertTrue(log.infos.get(1).trim().startsWith(first), log.all());
        assertTrue(
                log.infos.get(1).endsWith("fine-tunable (" + first.substring(first.indexOf("tiny-") + 5) + ")"),
                log.all());
        assertTrue(
                log.infos.get(expected.indexOf("FacebookAI/tiny-roberta") + 1).endsWith("fine-tunable (roberta)"),
                log.all());
        assertTrue(log.infos.get(log.infos.size() - 1).contains("(no config)"), log.all());
        assertTrue(log.infos.get(log.infos.size() - 1).endsWith("not supported"), log.all());
        assertTrue(
                hub.requests().stream()
                        .anyMatch(r -> r.pathAndQuery().startsWith("/api/models?search=tiny&")
                                && r.pathAndQuery().contains("expand=config")),
                hub.requests().toString());
    }

    @Test
    void aSearchWithoutFineTunableModelsNamesTheSupportedTypes() {
        RecordingLog log = new RecordingLog();
        ModelCatalog catalog = list("gpt2", log);
        assertEquals(1, catalog.matches().size());
        String last = log.infos.get(log.infos.size() - 1);
        assertTrue(
                last.startsWith("None of these is of a model_type this plugin fine-tunes ("
                        + String.join(", ", Architecture.selectableModelTypes()) + ")"),
                log.all());
    }

    @Test
    void aSearchMatchingNothingSaysSo() {
        RecordingLog log = new RecordingLog();
        assertEquals(List.of(), list("llama", log).matches());
        assertEquals(List.of("No model on " + hub.endpoint() + " matches 'llama'"), log.infos);
    }

    @Test
    void withoutASearchEveryKnownModelTypeIsListedWithCheckpointsAndNoNetwork() {
        RecordingLog log = new RecordingLog();
        ModelCatalog catalog = list(null, log, "HF_HUB_OFFLINE", "1");
        System.out.println(log.all());
        List<String> known = Arrays.stream(Architecture.values())
                .flatMap(a -> a.modelTypes().stream())
                .toList();
        assertEquals(
                known,
                catalog.families().stream().map(ModelCatalog.Family::modelType).toList());
        for (ModelCatalog.Family family : catalog.families()) {
            assertEquals(selectable(family.modelType()), family.fineTunable(), family.toString());
        }
        ModelCatalog.Family bert = catalog.families().get(known.indexOf("bert"));
        assertTrue(bert.checkpoints().contains("google-bert/bert-base-uncased"), bert.toString());
        ModelCatalog.Family xlmr = catalog.families().get(known.indexOf("xlm-roberta"));
        assertEquals("roberta", xlmr.family());
        assertEquals(catalog, Json.fromTree(Json.tree(catalog), ModelCatalog.class), "as a worker sends it back");

        assertTrue(log.infos.get(0).startsWith("Architectures this plugin fine-tunes"), log.all());
        assertTrue(log.infos.get(1).trim().startsWith("bert "), log.all());
        assertTrue(log.infos.get(1).contains("sentence-transformers/all-MiniLM-L6-v2"), log.all());
        assertTrue(log.all().contains("xlm-roberta (roberta)"), log.all());
        boolean allSelectable = catalog.families().stream().allMatch(ModelCatalog.Family::fineTunable);
        assertEquals(!allSelectable, log.infos.contains("Coming (known, not yet fine-tunable):"), log.all());
        assertEquals(List.of(), hub.requests(), "listing the architectures asks the Hub nothing");
    }

    @Test
    void searchingOfflineSaysHowToGoOnline() {
        var e = assertThrows(
                ConfigurationException.class, () -> list("bert", new RecordingLog(), "HF_HUB_OFFLINE", "1"));
        assertTrue(e.getMessage().contains("run it without -o and with HF_HUB_OFFLINE unset"), e.getMessage());
    }

    @Test
    void aRefusedTokenIsNamedWithTheFix() {
        hub.failNextRequests(1, 401);
        var e = assertThrows(FinetuneException.class, () -> list("bert", new RecordingLog(), "HF_TOKEN", "hf_bad"));
        assertTrue(
                e.getMessage()
                        .startsWith("Searching the Hub at " + hub.endpoint() + " failed: the Hub refused the token"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Fix: check HF_TOKEN"), e.getMessage());
    }

    @Test
    void anUnreachableHubNamesTheNetworkSettings() {
        hub.failNextRequests(10, 503);
        var e = assertThrows(FinetuneException.class, () -> list("bert", new RecordingLog()));
        assertTrue(e.getMessage().contains("no answer after retries"), e.getMessage());
        assertTrue(e.getMessage().contains("HF_ENDPOINT and the proxy"), e.getMessage());
    }

    @Test
    void aListingThatNeverEndsIsRefused() {
        hub.loopPagination();
        var e = assertThrows(FinetuneException.class, () -> list("tiny", new RecordingLog()));
        assertTrue(e.getMessage().contains("leads back to a page already read"), e.getMessage());
    }
}
