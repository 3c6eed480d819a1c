package dev.stellar.finetune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.stellar.finetune.testing.TestModels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The best epoch's weights, once restored, are the model's own: they outlive the snapshot's memory.
 * When they were a view of it, reading them after the snapshot closed crashed this JVM (SIGSEGV) and
 * the quick start wrote a model that scored NaN.
 */
class WeightSnapshotTest {

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    @Test
    void restoredWeightsSurviveTheSnapshotsMemoryBeingFreed() {
        try (NDManager model = NDManager.newBaseManager()) {
            Parameter weight = Parameter.builder()
                    .setName("w.weight")
                    .setType(Parameter.Type.WEIGHT)
                    .build();
            weight.setArray(model.arange(0f, 1_000_000f).reshape(new Shape(1000, 1000)));
            Map<String, Parameter> parameters = new LinkedHashMap<>();
            parameters.put("w.weight", weight);
            float[] best = weight.getArray().toFloatArray();
            try (WeightSnapshot snapshot = new WeightSnapshot(parameters, model)) {
                snapshot.take();
                weight.getArray().muli(-3);
                snapshot.restore();
            }
            // Allocations of the same size may take the freed memory and overwrite it.
            @SuppressWarnings("ModifiedButNotUsed") // holding the allocations is the point
            List<NDArray> filler = new ArrayList<>();
            try (NDManager other = NDManager.newBaseManager()) {
                for (int i = 0; i < 8; i++) {
                    filler.add(other.full(new Shape(1000, 1000), 7f));
                }
                assertArrayEquals(best, weight.getArray().toFloatArray());
            }
        }
    }
}
