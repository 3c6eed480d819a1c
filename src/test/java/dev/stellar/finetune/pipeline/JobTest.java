package dev.stellar.finetune.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

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
    void theDataAndModelListingsDoNot() {
        assertFalse(new Job(List.of(Step.LIST_DATASETS), null).needsEngine());
        assertFalse(new Job(List.of(Step.LIST_MODELS), null).needsEngine());
    }
}
