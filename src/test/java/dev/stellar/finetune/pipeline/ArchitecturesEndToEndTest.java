package dev.stellar.finetune.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.stellar.finetune.config.ExportFormat;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.TrainingSettings;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.eval.EvaluationReport;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.Checkpoint;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelWriter;
import dev.stellar.finetune.model.arch.Architecture;
import dev.stellar.finetune.predict.FineTunedModel;
import dev.stellar.finetune.predict.PredictionReport;
import dev.stellar.finetune.predict.Predictor;
import dev.stellar.finetune.runtime.OnnxScorer;
import dev.stellar.finetune.testing.TestModels;
import dev.stellar.finetune.testing.TestSettings;
import dev.stellar.finetune.train.Scorer;
import dev.stellar.finetune.train.Scores;
import dev.stellar.finetune.train.TrainingMetrics;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each encoder family's tiny checkpoint through what a user runs: prepare-data, freeze-and-train with the
 * family's own head (classifierHiddenSizes none, the family's pooling) and a frozen layer, the ONNX exports,
 * evaluate and predict. The references are independent of the training code: the fixture's own tensor names
 * (transformers' *ForSequenceClassification), ONNX Runtime on the exported graph, and the loss formula's
 * value at the start.
 */
class ArchitecturesEndToEndTest {

    private static final Path TEST_CSV =
            Path.of("src/it/data/sentiment/test.csv").toAbsolutePath();

    @TempDir
    static Path projects;

    /** The families' tiny fixtures in src/test/resources. */
    static Stream<String> fixtures() {
        return Stream.of("tiny-roberta", "tiny-distilbert", "tiny-electra", "tiny-deberta-v2", "tiny-modernbert");
    }

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void fineTunesEvaluatesExportsAndPredicts(String fixture) throws Exception {
        Path pretrained = TestModels.resource(fixture);
        Path project = projects.resolve(fixture);
        TrainingSettings quick = TestSettings.quickTraining(3, 3e-3);
        FinetuneSettings settings = TestSettings.tinySentiment(project, quick, null)
                .withModel(pretrained.toString())
                .withHead(new HeadSettings(List.of(), 0.1, null))
                .withTraining(new TrainingSettings(
                        1,
                        quick.epochs(),
                        quick.batchSize(),
                        quick.learningRate(),
                        quick.weightDecay(),
                        quick.warmupRatio(),
                        quick.maxGradNorm(),
                        quick.selectBestBy(),
                        quick.earlyStoppingPatience()))
                .withExportFormats(List.of(ExportFormat.ONNX, ExportFormat.ONNX_INT8));
        JobRunner.run(
                new Job(List.of(Step.PREPARE_DATA, Step.FREEZE_AND_TRAIN, Step.EVALUATE), settings),
                new RecordingLog(),
                Map.of());
        Path model = settings.layout().modelDirectory();
        Architecture architecture =
                ModelDirectory.open(pretrained, fixture).config().architecture();

        // The saved model is the family's *ForSequenceClassification: its class and exactly its tensor names.
        JsonObject config = Json.read(model.resolve("config.json"), JsonObject.class);
        assertEquals(
                architecture.sequenceClassification(),
                config.getAsJsonArray("architectures").get(0).getAsString());
        Map<String, List<Long>> saved = shapes(model);
        Map<String, List<Long>> reference = shapes(pretrained);
        assertEquals(reference.keySet(), saved.keySet(), "tensor names of " + fixture);
        reference.forEach((name, shape) -> {
            if (!saved.get(name).equals(shape)) {
                // Only the output layer differs: the fixture has 3 labels, the sentiment data 2.
                assertEquals(shape.subList(1, shape.size()), saved.get(name).subList(1, shape.size()), name);
                assertEquals(2L, saved.get(name).get(0), name);
            }
        });

        // Training learned: the first epoch starts near ln 2 for two labels and the loss falls.
        TrainingMetrics metrics = Json.read(model.resolve(ModelWriter.METRICS), TrainingMetrics.class);
        List<TrainingMetrics.Epoch> epochs = metrics.epochs();
        assertTrue(
                epochs.get(epochs.size() - 1).trainLoss() < epochs.get(0).trainLoss(),
                fixture + " train loss " + epochs.get(0).trainLoss() + " -> "
                        + epochs.get(epochs.size() - 1).trainLoss());

        // ONNX Runtime on both exports scores the test split as the plugin does.
        EncodedSplit test =
                EncodedSplit.read(EncodedSplit.file(settings.layout().dataDirectory(), "test"));
        float[][] engine;
        try (ClassifierModel trained = ClassifierModel.loadFineTuned(model, "model")) {
            engine = new Scorer(trained, 16).score(test, null, "scoring").probabilities();
        }
        try (OnnxScorer onnx = new OnnxScorer(model.resolve("model.onnx"), 16, 1)) {
            Scores scores = onnx.score(test, null, "scoring");
            for (int i = 0; i < engine.length; i++) {
                assertArrayEquals(engine[i], scores.probabilities()[i], 1e-4f, fixture + " model.onnx row " + i);
            }
        }
        EvaluationReport evaluation = EvaluationReport.read(settings.layout().evaluationFile());
        assertTrue(
                evaluation.splits().containsKey("test"),
                evaluation.splits().keySet().toString());
        assertTrue(
                evaluation.exports().containsKey("onnx-int8"),
                evaluation.exports().keySet().toString());
        double int8 = evaluation.exports().get("onnx-int8").get("test").accuracy();
        double fp32 = evaluation.splits().get("test").accuracy();
        assertTrue(Math.abs(int8 - fp32) <= 0.1, fixture + " int8 accuracy " + int8 + " vs " + fp32);

        // predict gives each row of a file what the plugin scored for it.
        FineTunedModel located =
                FineTunedModel.locate(null, project, model, project.resolve("model-cache"), new RecordingLog());
        try (Predictor predictor = Predictor.open(located, 128)) {
            PredictionReport report = predictor.predictFile(TEST_CSV, List.of("text"), new RecordingLog());
            assertEquals(engine.length, report.predictions().size());
            for (int i = 0; i < engine.length; i++) {
                assertArrayEquals(engine[i], report.predictions().get(i).probabilities(), 1e-5f, fixture + " row " + i);
            }
        }
    }

    private static Map<String, List<Long>> shapes(Path folder) {
        Map<String, List<Long>> shapes = new TreeMap<>();
        try (Checkpoint checkpoint = Checkpoint.open(ModelDirectory.open(folder, folder.toString(), true))) {
            for (String name : checkpoint.names()) {
                shapes.put(
                        name,
                        Arrays.stream(checkpoint.info(name).shape()).boxed().toList());
            }
        }
        return shapes;
    }
}
