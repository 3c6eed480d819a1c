package dev.stellar.finetune.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.DeviceSetting;
import dev.stellar.finetune.config.EngineSettings;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.config.HubSettings;
import dev.stellar.finetune.testing.TestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which jobs need libtorch: the plugin resolves its 100 MB jar only for those. */
class JobTest {

    @Test
    void everyGoalButTheListingsStartsTheEngine() {
        // prepare-data too: the tokenizer's native library loads after the engine's setup.
        assertTrue(new Job(List.of(Step.PREPARE_DATA), null).needsEngine());
        assertTrue(new Job(List.of(Step.PREDICT), null).needsEngine());
        assertTrue(new Job(List.of(Step.BENCHMARK), null).needsEngine());
        assertTrue(new Job(List.of(Step.PREPARE_DATA, Step.FREEZE_AND_TRAIN, Step.EVALUATE), null).needsEngine());
    }

    @Test
    void aLibtorchOfTheUsersOwnNeedsNoneFromMaven(@TempDir Path libtorch) throws Exception {
        Files.createFile(libtorch.resolve("libtorch.so"));
        FinetuneSettings settings = TestSettings.of(libtorch, "model", "data", HubSettings.defaults());
        List<Step> train = List.of(Step.PREPARE_DATA, Step.FREEZE_AND_TRAIN, Step.EVALUATE);

        assertTrue(new Job(train, settings).needsBundledLibtorch());
        assertFalse(new Job(train, settings.withEngine(new EngineSettings(DeviceSetting.AUTO, libtorch, false)))
                .needsBundledLibtorch());
        assertFalse(new Job(List.of(Step.LIST_MODELS), settings).needsBundledLibtorch());
    }

    @Test
    void theDataAndModelListingsDoNot() {
        assertFalse(new Job(List.of(Step.LIST_DATASETS), null).needsEngine());
        assertFalse(new Job(List.of(Step.LIST_MODELS), null).needsEngine());
    }
}
