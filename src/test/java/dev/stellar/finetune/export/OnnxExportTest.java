package dev.stellar.finetune.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.stellar.finetune.config.DataSettings;
import dev.stellar.finetune.config.ExportFormat;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.data.SplitEncoder;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelInputs;
import dev.stellar.finetune.model.ModelSources;
import dev.stellar.finetune.model.ModelWriter;
import dev.stellar.finetune.pipeline.Job;
import dev.stellar.finetune.pipeline.JobRunner;
import dev.stellar.finetune.pipeline.Step;
import dev.stellar.finetune.testing.OnnxRuntimeReference;
import dev.stellar.finetune.testing.TestModels;
import dev.stellar.finetune.testing.TestSettings;
import dev.stellar.finetune.train.Scorer;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * model.onnx is the same model: ONNX Runtime running the file freeze-and-train exported gives every row the
 * probabilities the plugin's own scoring gives it, for every head and pooling, for sentence pairs, and for a
 * real checkpoint.
 */
class OnnxExportTest {

    private static final double TOLERANCE = 1e-4;

    @TempDir
    static Path sentimentProject;

    @TempDir
    static Path pairsProject;

    @TempDir
    Path temp;

    private static FinetuneSettings sentiment;
    private static FinetuneSettings pairs;

    @BeforeAll
    static void prepareData() throws Exception {
        TestModels.startEngine();
        sentiment = TestSettings.tinySentiment(sentimentProject, TestSettings.quickTraining(10, 3e-3), null);
        DataSettings pairData = new DataSettings(
                sentimentPairs(pairsProject.resolve("pairs.csv")).toString(),
                Map.of(),
                List.of("sentence1", "sentence2"),
                "label",
                List.of(),
                "train",
                null,
                null,
                0.1,
                0,
                48);
        pairs = new FinetuneSettings(
                pairsProject,
                pairsProject.resolve("target/finetune"),
                TestModels.tinyBert().toString(),
                null,
                null,
                pairData,
                new HeadSettings(List.of(256), 0.1, Pooling.POOLER),
                TestSettings.quickTraining(10, 3e-3),
                sentiment.gate(),
                null,
                42,
                2);
        for (FinetuneSettings settings : List.of(sentiment, pairs)) {
            JobRunner.run(new Job(List.of(Step.PREPARE_DATA), settings), new RecordingLog(), Map.of());
        }
    }

    @ParameterizedTest(name = "classifierHiddenSizes {0}, pooling {1}")
    @CsvSource({
        "none,pooler",
        "none,cls",
        "none,mean",
        "256,pooler",
        "256,cls",
        "256,mean",
        "512;256,pooler",
        "512;256,cls",
        "512;256,mean"
    })
    void onnxRuntimeGivesThePluginsProbabilities(String hidden, String pooling) throws Exception {
        List<Integer> sizes = hidden.equals("none")
                ? List.of()
                : Arrays.stream(hidden.split(";")).map(Integer::parseInt).toList();
        FinetuneSettings settings = sentiment.withHead(new HeadSettings(sizes, 0.1, Pooling.parse(pooling)));
        assertSameModel("head " + hidden + ", pooling " + pooling, trained(settings), preparedSplit(settings, "test"));
    }

    @Test
    void aSentencePairModelGetsTheSameProbabilities() throws Exception {
        EncodedSplit validation = preparedSplit(pairs, "validation");
        assertTrue(
                Arrays.stream(validation.tokenTypeIds())
                        .anyMatch(row -> Arrays.stream(row).anyMatch(t -> t == 1)),
                "the pairs reach the model with token type 1");
        assertSameModel("sentence pairs", trained(pairs), validation);
    }

    @Test
    void allMiniLmL6V2GetsTheSameProbabilities() throws Exception {
        URL resource = getClass().getClassLoader().getResource("all-minilm-l6-v2.onnx");
        Path jar = Path.of(
                ((JarURLConnection) resource.openConnection()).getJarFileURL().toURI());
        RecordingLog log = new RecordingLog();
        ModelDirectory miniLm =
                ModelSources.standard(temp, temp.resolve("models")).resolve(jar.toString(), log);
        // A fresh head on the real encoder: mean pooling of its sentence embeddings already separates the rows.
        Path model = temp.resolve("model");
        try (ClassifierModel classifier = ClassifierModel.fromPretrained(
                miniLm, new HeadSettings(List.of(256), 0.1, Pooling.MEAN), List.of("negative", "positive"), 3, log)) {
            ModelWriter.write(classifier, model, miniLm.path(), 64, Map.of("maxLength", 64), Map.of(), "epoch\n");
        }
        new ModelExporter().export(model, List.of(ExportFormat.ONNX), log);
        EncodedSplit rows;
        try (SplitEncoder encoder = SplitEncoder.open(model, 64, miniLm.config(), "model", model.toString())) {
            rows = encoder.encode(
                            "input",
                            Files.readAllLines(Path.of("src/it/data/sentiment/test.csv"))
                                    .subList(1, 41),
                            null,
                            null,
                            log)
                    .split();
        }
        assertSameModel("all-MiniLM-L6-v2", model, rows);
    }

    /**
     * Pairs the tiny model learns quickly: the sentiment rows as first sentences, each with another row as its
     * second (so token type 1 is everywhere), labelled by the first.
     */
    private static Path sentimentPairs(Path file) throws Exception {
        List<String> rows =
                Files.readAllLines(Path.of("src/it/data/sentiment/train.csv")).subList(1, 201);
        StringBuilder csv = new StringBuilder("sentence1,sentence2,label\n");
        for (int i = 0; i < rows.size(); i++) {
            String first = rows.get(i);
            String second = rows.get((i + 7) % rows.size());
            int comma = first.lastIndexOf(',');
            csv.append(first, 0, comma)
                    .append(',')
                    .append(second, 0, second.lastIndexOf(','))
                    .append(',')
                    .append(first.substring(comma + 1))
                    .append('\n');
        }
        Files.writeString(file, csv);
        return file;
    }

    /** Trains the tiny model as freeze-and-train does (which exports model.onnx by default). */
    private static Path trained(FinetuneSettings settings) {
        JobRunner.run(new Job(List.of(Step.FREEZE_AND_TRAIN), settings), new RecordingLog(), Map.of());
        Path model = settings.layout().modelDirectory();
        assertTrue(Files.isRegularFile(model.resolve("model.onnx")), "freeze-and-train wrote model.onnx");
        return model;
    }

    private static EncodedSplit preparedSplit(FinetuneSettings settings, String role) {
        return EncodedSplit.read(EncodedSplit.file(settings.layout().dataDirectory(), role));
    }

    /**
     * Asserts that ONNX Runtime, given all rows padded into one batch, gives each row the plugin's probabilities
     * (as evaluate's Scorer computes them, in length-sorted batches of 4) and the plugin's logits (one row at a
     * time, no padding at all), each to 1e-4.
     */
    private static void assertSameModel(String what, Path model, EncodedSplit rows) throws Exception {
        float[][] probabilities;
        float[][] logits = new float[rows.size()][];
        try (ClassifierModel loaded = ClassifierModel.loadFineTuned(model, "model")) {
            probabilities = new Scorer(loaded, 4).score(rows, null, "scoring").probabilities();
            for (int i = 0; i < rows.size(); i++) {
                try (NDManager step = loaded.manager().newSubManager()) {
                    NDList inputs = ModelInputs.of(
                            step, new int[][] {rows.inputIds()[i]}, new int[][] {rows.tokenTypeIds()[i]});
                    logits[i] = loaded.network()
                            .forward(loaded.parameterStore(), inputs, false)
                            .singletonOrThrow()
                            .toFloatArray();
                }
            }
        }
        float[][] onnxLogits = OnnxRuntimeReference.logits(model.resolve("model.onnx"), rows);
        float[][] onnxProbabilities =
                Arrays.stream(onnxLogits).map(OnnxRuntimeReference::softmax).toArray(float[][]::new);
        assertDistinguishesRows(probabilities);
        double probabilityDifference = OnnxRuntimeReference.largestDifference(probabilities, onnxProbabilities);
        double logitDifference = OnnxRuntimeReference.largestDifference(logits, onnxLogits);
        System.out.printf(
                "%s, %d rows: largest |plugin - ONNX Runtime| probability %.3g, logit %.3g%n",
                what, rows.size(), probabilityDifference, logitDifference);
        assertTrue(
                probabilityDifference <= TOLERANCE, what + ": largest probability difference " + probabilityDifference);
        assertTrue(logitDifference <= TOLERANCE, what + ": largest logit difference " + logitDifference);
    }

    /**
     * The rows' probabilities differ well beyond the tolerance (50 times), so a wrong mask or pooling could not
     * hide. How far the tiny model's rows spread depends on its random draws (dropout masks), not on the export.
     */
    private static void assertDistinguishesRows(float[][] probabilities) {
        double spread = 0;
        for (float[] row : probabilities) {
            spread = Math.max(spread, OnnxRuntimeReference.largestDifference(row, probabilities[0]));
        }
        assertTrue(spread > 50 * TOLERANCE, "the rows' probabilities hardly differ (" + spread + ")");
    }
}
