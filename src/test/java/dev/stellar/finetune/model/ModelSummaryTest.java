package dev.stellar.finetune.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.testing.TestModels;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModelSummaryTest {

    // tiny-bert: vocab 30522, hidden 32, 2 layers, intermediate 64, 128 positions.
    private static final long EMBEDDINGS = 30522L * 32 + 128 * 32 + 2 * 32 + 2 * 32;
    private static final long LAYER = 4 * (32 * 32 + 32) + 2 * 2 * 32 + (32 * 64 + 64) + (64 * 32 + 32);
    private static final long POOLER = 32 * 32 + 32;
    private static final long HEAD = 32 * 256 + 256 + 256 * 2 + 2;

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    private static ModelSummary summary(int freeze, Pooling pooling) {
        ModelDirectory dir = ModelSources.standard(TestModels.tinyBert()).resolve(".", new RecordingLog());
        try (ClassifierModel model = ClassifierModel.fromPretrained(
                dir, new HeadSettings(List.of(256), 0.1, pooling), List.of("a", "b"), 1, new RecordingLog())) {
            new FreezePlan(freeze, 2).apply(model);
            return ModelSummary.of(model);
        }
    }

    @Test
    void countsEveryBlockLikeTorchinfo() {
        ModelSummary s = summary(0, Pooling.POOLER);
        assertEquals(
                List.of("embeddings", "encoder.layer.0", "encoder.layer.1", "pooler", "classifier"),
                s.rows().stream().map(ModelSummary.Row::name).toList());
        assertEquals(EMBEDDINGS + 2 * LAYER + POOLER + HEAD, s.total());
        assertEquals(s.total(), s.trainable());
        assertTrue(
                s.lines().contains(String.format("Total params: %,d", s.total())),
                s.lines().toString());
    }

    @Test
    void freezingCutsTheTrainableCountByExactlyTheFrozenBlocks() {
        assertEquals(
                summary(0, Pooling.POOLER).total() - EMBEDDINGS,
                summary(-1, Pooling.POOLER).trainable());
        ModelSummary one = summary(1, Pooling.POOLER);
        assertEquals(LAYER + POOLER + HEAD, one.trainable());
        assertEquals("frozen", one.rows().get(1).status());
        assertEquals("trainable", one.rows().get(2).status());
        assertTrue(one.lines().contains(String.format("Non-trainable params: %,d", EMBEDDINGS + LAYER)));
    }

    @Test
    void anUnusedPoolerIsFrozen() {
        ModelSummary s = summary(0, Pooling.CLS);
        assertEquals("frozen", s.rows().get(3).status());
        assertEquals(s.total() - POOLER, s.trainable());
    }
}
