package dev.stellar.finetune.model.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.io.SafetensorsFile;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelInputs;
import dev.stellar.finetune.model.ModelSources;
import dev.stellar.finetune.testing.OnnxBertWriter;
import dev.stellar.finetune.testing.OnnxRuntimeReference;
import dev.stellar.finetune.testing.TestModels;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model archives: ONNX jars imported, model zips unpacked, each once, and bad archives refused. */
class OnnxImportTest {

    @TempDir
    Path temp;

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    private ModelDirectory resolve(Path archive, RecordingLog log) {
        return ModelSources.standard(temp, temp.resolve("cache")).resolve(archive.toString(), log);
    }

    @Test
    void anOnnxExportImportsToTheSameWeightsAndConfiguration() throws Exception {
        Path jar = OnnxBertWriter.writeTinyJar(temp.resolve("tiny-bert.jar"));
        RecordingLog log = new RecordingLog();
        ModelDirectory imported = resolve(jar, log);
        var c = imported.config();
        assertEquals(
                List.of(2, 32, 2, 64, 30522, 128, 2),
                List.of(
                        c.numLayers(),
                        c.hiddenSize(),
                        c.numHeads(),
                        c.intermediateSize(),
                        c.vocabSize(),
                        c.maxPositions(),
                        c.typeVocabSize()));
        assertEquals(1e-12f, c.layerNormEps());
        try (SafetensorsFile original =
                        SafetensorsFile.open(TestModels.tinyBert().resolve("model.safetensors"));
                SafetensorsFile copy = SafetensorsFile.open(imported.path().resolve("model.safetensors"))) {
            for (String name : original.tensors().keySet()) {
                if (name.startsWith("pooler.")) {
                    continue; // exports carry no pooler
                }
                assertArrayEquals(original.floats(name), copy.floats(name), name);
            }
            assertEquals(original.tensors().size() - 2, copy.tensors().size());
        }
        assertTrue(
                log.infos.stream().anyMatch(l -> l.startsWith("Importing the ONNX model tiny-bert.onnx")), log.all());

        RecordingLog again = new RecordingLog();
        assertEquals(imported.path(), resolve(jar, again).path());
        assertTrue(again.infos.get(0).startsWith("Using the model unpacked earlier from tiny-bert.jar"), again.all());
    }

    @Test
    void theWrittenOnnxRunsInOnnxRuntimeLikeTheJavaEncoder() throws Exception {
        byte[] onnx = OnnxBertWriter.onnx(TestModels.tinyBert(), 2, 2);
        long[][] ids = {{101, 7592, 2088, 102, 0}, {101, 1045, 2293, 3185, 102}};
        long[][] mask = {{1, 1, 1, 1, 0}, {1, 1, 1, 1, 1}};
        long[][] types = {{0, 0, 0, 0, 0}, {0, 0, 1, 1, 1}};
        float[] reference = OnnxRuntimeReference.lastHiddenState(onnx, ids, mask, types);
        ModelDirectory tiny = ModelSources.standard(TestModels.tinyBert()).resolve(".", new RecordingLog());
        try (ClassifierModel model = ClassifierModel.fromPretrained(
                        tiny, new HeadSettings(List.of(), 0, Pooling.CLS), List.of("a", "b"), 1, new RecordingLog());
                NDManager step = model.manager().newSubManager()) {
            float[] java = model.network()
                    .encoder()
                    .forward(model.parameterStore(), ModelInputs.of(step, ids, types, mask), false)
                    .singletonOrThrow()
                    .toFloatArray();
            double max = OnnxRuntimeReference.largestDifference(java, reference);
            assertTrue(max < 1e-4, "largest difference " + max);
        }
    }

    @Test
    void aModelZipIsUnpackedOnce() throws Exception {
        Path zip = temp.resolve("model.zip");
        zipFiles(
                zip,
                Map.of(
                        "config.json",
                        TestModels.tinyBert().resolve("config.json"),
                        "model.safetensors",
                        TestModels.tinyBert().resolve("model.safetensors"),
                        "tokenizer.json",
                        TestModels.tinyBert().resolve("tokenizer.json")));
        ModelDirectory unpacked = resolve(zip, new RecordingLog());
        assertEquals(2, unpacked.config().numLayers());
        assertTrue(Files.isRegularFile(unpacked.path().resolve("tokenizer.json")));
    }

    @Test
    void anEntryThatEscapesTheFolderIsRefused() throws Exception {
        Path zip = temp.resolve("evil.zip");
        zipFiles(
                zip,
                Map.of(
                        "config.json",
                        TestModels.tinyBert().resolve("config.json"),
                        "../../escaped.txt",
                        TestModels.tinyBert().resolve("config.json")));
        var e = assertThrows(ConfigurationException.class, () -> resolve(zip, new RecordingLog()));
        assertTrue(e.getMessage().startsWith("Invalid model = "), e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains("(the entry '../../escaped.txt' of " + zip + " would be written outside the"
                                + " folder it is unpacked into)"),
                e.getMessage());
        assertTrue(!Files.exists(temp.resolve("escaped.txt"))
                && !Files.exists(temp.getParent().resolve("escaped.txt")));
    }

    @Test
    void aJarWithoutTokenizerOrOnnxIsRefused() throws Exception {
        Path noTokenizer = temp.resolve("a.jar");
        Path onnx = Files.write(temp.resolve("m.onnx"), OnnxBertWriter.onnx(TestModels.tinyBert(), 2, 2));
        zipFiles(noTokenizer, Map.of("m.onnx", onnx));
        var e = assertThrows(ConfigurationException.class, () -> resolve(noTokenizer, new RecordingLog()));
        assertTrue(e.getMessage().contains("holds m.onnx but no tokenizer.json"), e.getMessage());

        Path nothing = temp.resolve("b.jar");
        zipFiles(nothing, Map.of("README", TestModels.tinyBert().resolve("config.json")));
        var f = assertThrows(ConfigurationException.class, () -> resolve(nothing, new RecordingLog()));
        assertTrue(f.getMessage().contains("holds neither a model directory"), f.getMessage());
    }

    private static void zipFiles(Path zip, Map<String, Path> entries) throws Exception {
        try (OutputStream out = Files.newOutputStream(zip);
                ZipOutputStream z = new ZipOutputStream(out)) {
            for (var e : new java.util.TreeMap<>(entries).entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(Files.readAllBytes(e.getValue()));
                z.closeEntry();
            }
        }
    }
}
