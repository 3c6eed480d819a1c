package dev.stellar.finetune.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.testing.RandomBert;
import dev.stellar.finetune.testing.SyntheticSplits;
import dev.stellar.finetune.testing.TestModels;
import dev.stellar.finetune.train.Batches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dropout inside the TorchScript layers is on from a freshly compiled module's very first training pass.
 * DJL's block starts out believing it is in training mode while the module loads in eval mode, so until
 * the first inference call the layers used to run without dropout: a whole first epoch.
 */
class ScriptedDropoutTest {

    @TempDir
    Path temp;

    @Test
    void theFirstTrainingPassesOfANewModuleDropOut() throws Exception {
        TestModels.startEngine();
        Path dir = RandomBert.write(temp.resolve("bert"), 2, 32, 64, 30522, true);
        Path config = dir.resolve("config.json");
        JsonObject json = JsonParser.parseString(Files.readString(config)).getAsJsonObject();
        // Only the scripted layers draw randomness, at a rate no other test uses (so its module is new here).
        json.addProperty("hidden_dropout_prob", 0.0);
        json.addProperty("attention_probs_dropout_prob", 0.37);
        Files.writeString(config, json.toString());
        ModelDirectory directory = ModelSources.standard(dir).resolve(".", new RecordingLog());
        EncodedSplit split = SyntheticSplits.separable("train", 4, 1);
        try (ClassifierModel model = ClassifierModel.fromPretrained(
                        directory,
                        new HeadSettings(List.of(8), 0.0, Pooling.CLS),
                        List.of("0", "1"),
                        42,
                        new RecordingLog());
                NDManager manager = NDManager.newBaseManager()) {
            NDList inputs = Batches.inputs(manager, split, new int[] {0, 1, 2, 3});
            float[] first = pass(model, inputs, true, 1);
            float[] second = pass(model, inputs, true, 2);
            assertFalse(Arrays.equals(first, second), "two training passes with different seeds gave the same logits");
            assertArrayEquals(pass(model, inputs, false, 1), pass(model, inputs, false, 2));
        }
    }

    private static float[] pass(ClassifierModel model, NDList inputs, boolean training, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        return model.network()
                .forward(model.parameterStore(), inputs, training)
                .singletonOrThrow()
                .toFloatArray();
    }
}
