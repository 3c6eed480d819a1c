package dev.stellar.finetune.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelInputs;
import dev.stellar.finetune.model.ModelSources;
import dev.stellar.finetune.testing.TestModels;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        Path jar = Path.of(((JarURLConnection) resource.openConnection()).getJarFileURL().toURI());
        RecordingLog log = new RecordingLog();
        ModelDirectory imported = ModelSources.standard(cache, cache.resolve("models")).resolve(jar.toString(), log);
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
        try (ClassifierModel model = ClassifierModel.fromPretrained(imported,
                new HeadSettings(List.of(), 0.1, Pooling.MEAN), List.of("a", "b"), 1, log);
                NDManager step = model.manager().newSubManager()) {
            NDArray hidden = model.network().bert()
                    .forward(model.parameterStore(), ModelInputs.of(step, ids, types, mask), false).singletonOrThrow();
            java = hidden.toFloatArray();
        }
        float[] reference = onnxRuntime(resource, ids, mask, types);
        assertEquals(reference.length, java.length);
        double max = 0;
        for (int i = 0; i < java.length; i++) {
            max = Math.max(max, Math.abs(java[i] - reference[i]));
        }
        System.out.printf("all-MiniLM-L6-v2: largest |Java - ONNX Runtime| over last_hidden_state = %.3g%n", max);
        assertTrue(max < 1e-4, "largest difference " + max);
    }

    private static float[] onnxRuntime(URL onnx, long[][] ids, long[][] mask, long[][] types) throws Exception {
        byte[] bytes;
        try (InputStream in = onnx.openStream()) {
            bytes = in.readAllBytes();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(bytes, new OrtSession.SessionOptions());
                OnnxTensor idTensor = OnnxTensor.createTensor(env, ids);
                OnnxTensor maskTensor = OnnxTensor.createTensor(env, mask);
                OnnxTensor typeTensor = OnnxTensor.createTensor(env, types);
                OrtSession.Result result = session.run(Map.of("input_ids", idTensor, "attention_mask", maskTensor,
                        "token_type_ids", typeTensor))) {
            float[][][] hidden = (float[][][]) result.get("last_hidden_state").orElseThrow().getValue();
            float[] flat = new float[hidden.length * hidden[0].length * hidden[0][0].length];
            int at = 0;
            for (float[][] row : hidden) {
                for (float[] token : row) {
                    System.arraycopy(token, 0, flat, at, token.length);
                    at += token.length;
                }
            }
            return flat;
        }
    }
}
