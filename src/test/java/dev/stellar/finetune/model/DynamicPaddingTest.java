package dev.stellar.finetune.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.testing.SyntheticSplits;
import dev.stellar.finetune.testing.TestModels;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Padding a batch to its longest row gives the logits of padding to maxLength, and of no padding at all. */
class DynamicPaddingTest {

    private static final int MAX_LENGTH = 40;

    @ParameterizedTest(name = "{0} pooling")
    @EnumSource(Pooling.class)
    void logitsDoNotDependOnHowMuchPaddingABatchCarries(Pooling pooling) {
        TestModels.startEngine();
        ModelDirectory directory = ModelSources.standard(TestModels.tinyBert()).resolve(".", new RecordingLog());
        EncodedSplit rows = SyntheticSplits.separable("rows", 12, 5);
        try (ClassifierModel model = ClassifierModel.fromPretrained(
                        directory,
                        new HeadSettings(List.of(16), 0.1, pooling),
                        List.of("a", "b"),
                        3,
                        new RecordingLog());
                NDManager step = model.manager().newSubManager()) {
            var store = model.parameterStore();
            float[] dynamic = model.network()
                    .forward(store, ModelInputs.of(step, rows.inputIds(), rows.tokenTypeIds()), false)
                    .singletonOrThrow()
                    .toFloatArray();
            float[] fixed = model.network()
                    .forward(store, fixedPadding(step, rows), false)
                    .singletonOrThrow()
                    .toFloatArray();
            double worst = 0;
            for (int i = 0; i < dynamic.length; i++) {
                worst = Math.max(worst, Math.abs(dynamic[i] - fixed[i]));
            }
            for (int r = 0; r < rows.size(); r++) {
                float[] alone = model.network()
                        .forward(
                                store,
                                ModelInputs.of(
                                        step, new int[][] {rows.inputIds()[r]}, new int[][] {rows.tokenTypeIds()[r]}),
                                false)
                        .singletonOrThrow()
                        .toFloatArray();
                for (int k = 0; k < alone.length; k++) {
                    worst = Math.max(worst, Math.abs(alone[k] - dynamic[r * alone.length + k]));
                }
            }
            assertTrue(worst < 1e-5, "logits differ by " + worst);
        }
    }

    private static ai.djl.ndarray.NDList fixedPadding(NDManager manager, EncodedSplit rows) {
        long[][] ids = new long[rows.size()][MAX_LENGTH];
        long[][] types = new long[rows.size()][MAX_LENGTH];
        long[][] mask = new long[rows.size()][MAX_LENGTH];
        for (int r = 0; r < rows.size(); r++) {
            for (int t = 0; t < rows.inputIds()[r].length; t++) {
                ids[r][t] = rows.inputIds()[r][t];
                mask[r][t] = 1;
            }
        }
        return ModelInputs.of(manager, ids, types, mask);
    }
}
