package dev.stellar.finetune.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelInputs;
import dev.stellar.finetune.model.ModelSources;
import dev.stellar.finetune.testing.OnnxRuntimeReference;
import dev.stellar.finetune.testing.TestModels;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import of all-MiniLM-L6-v2 from its langchain4j jar, proved numerically: the Java encoder on the
 * imported weights against ONNX Runtime running the original .onnx on the same inputs.
 */
class OnnxRuntimeComparisonTest {

    private static final String ONNX = "all-minilm-l6-v2.onnx";

    @TempDir
    static Path cache;

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    @Test
    void theImportedEncoderMatchesOnnxRuntime() throws Exception {
        URL resource = getClass().getClassLoader().getResource(ONNX);
        Path jar = Path.of(
                ((JarURLConnection) resource.openConnection()).getJarFileURL().toURI());
        RecordingLog log = new RecordingLog();
        ModelDirectory imported =
                ModelSources.standard(cache, cache.resolve("models")).resolve(jar.toString(), log);
        assertEquals(6, imported.config().numLayers());
        assertEquals(384, imported.config().hiddenSize());
        assertEquals(12, imported.config().numHeads());
        assertEquals(1536, imported.config().intermediateSize());
        assertEquals(30522, imported.config().vocabSize());
        assertEquals(1e-12f, imported.config().layerNormEps());

        long[][] ids = {{101, 7592, 2088, 102, 0, 0, 0}, {101, 1045, 2293, 2023, 3185, 999, 102}};
        long[][] mask = {{1, 1, 1, 1, 0, 0, 0}, {1, 1, 1, 1, 1, 1, 1}};
        long[][] types = new long[2][7];
        float[] java;
        try (ClassifierModel model = ClassifierModel.fromPretrained(
                        imported, new HeadSettings(List.of(), 0.1, Pooling.MEAN), List.of("a", "b"), 1, log);
                NDManager step = model.manager().newSubManager()) {
            NDArray hidden = model.network()
                    .encoder()
                    .forward(model.parameterStore(), ModelInputs.of(step, ids, types, mask), false)
                    .singletonOrThrow();
            java = hidden.toFloatArray();
        }
        byte[] onnx;
        try (InputStream in = resource.openStream()) {
            onnx = in.readAllBytes();
        }
        double max = OnnxRuntimeReference.largestDifference(
                java, OnnxRuntimeReference.lastHiddenState(onnx, ids, mask, types));
        System.out.printf("all-MiniLM-L6-v2: largest |Java - ONNX Runtime| over last_hidden_state = %.3g%n", max);
        assertTrue(max < 1e-4, "largest difference " + max);
    }
}
