package dev.stellar.finetune.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.stellar.finetune.config.ClassWeights;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.DataSettings;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.config.LabelSettings;
import dev.stellar.finetune.config.ProblemType;
import dev.stellar.finetune.config.TrainingSettings;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.eval.ClassificationMetrics;
import dev.stellar.finetune.eval.EvaluationReport;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.ModelTask;
import dev.stellar.finetune.predict.FineTunedModel;
import dev.stellar.finetune.predict.Prediction;
import dev.stellar.finetune.predict.Predictor;
import dev.stellar.finetune.runtime.OnnxScorer;
import dev.stellar.finetune.testing.CardJavaExample;
import dev.stellar.finetune.testing.TestModels;
import dev.stellar.finetune.testing.TestSettings;
import dev.stellar.finetune.train.Scorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiny BERT learns a multi-label and a regression task far above chance, end to end: the problem type is
 * inferred from the label column, config.json records it as transformers does, and evaluate reports the figures
 * of the type. The data (src/it/data/topics and ratings) is template sentences: a row's topics are the nouns it
 * names; its rating is 1 + 4 x the share of its clauses that praise.
 */
class ProblemTypesEndToEndTest {

    @TempDir
    static Path projects;

    @BeforeAll
    static void engine() {
        TestModels.startEngine();
    }

    private static FinetuneSettings settings(
            Path project, String data, String labelColumn, int epochs, double learningRate) {
        DataSettings dataSettings = new DataSettings(
                Path.of("src/it/data", data).toAbsolutePath().toString(),
                Map.of(),
                List.of("text"),
                labelColumn,
                List.of(),
                "train",
                null,
                null,
                0.15,
                0,
                32,
                LabelSettings.INFERRED);
        TrainingSettings quick = TestSettings.quickTraining(epochs, learningRate);
        return TestSettings.tinySentiment(project, quick, null).withData(dataSettings);
    }

    private static EvaluationReport train(FinetuneSettings settings, RecordingLog log) {
        JobRunner.run(
                new Job(List.of(Step.PREPARE_DATA, Step.FREEZE_AND_TRAIN, Step.EVALUATE), settings), log, Map.of());
        return EvaluationReport.read(settings.layout().evaluationFile());
    }

    /**
     * The engine's outputs on the test split: ONNX Runtime on model.onnx gives the same (sigmoid probabilities or
     * values), and predict answers with them: the labels from the threshold on, or the value.
     */
    private static float[][] checkExportAndPredict(FinetuneSettings settings, ModelTask task) throws Exception {
        Path model = settings.layout().modelDirectory();
        EncodedSplit test =
                EncodedSplit.read(EncodedSplit.file(settings.layout().dataDirectory(), "test"));
        float[][] engine;
        try (ClassifierModel trained = ClassifierModel.loadFineTuned(model, "model")) {
            assertEquals(task, trained.task());
            engine = new Scorer(trained, 16).score(test, null, "scoring").probabilities();
        }
        try (OnnxScorer onnx = new OnnxScorer(model.resolve("model.onnx"), task, 16, 1)) {
            float[][] exported = onnx.score(test, null, "scoring").probabilities();
            for (int i = 0; i < engine.length; i++) {
                assertArrayEquals(engine[i], exported[i], 1e-4f, "model.onnx row " + i);
            }
        }
        Path project = settings.baseDirectory();
        FineTunedModel located =
                FineTunedModel.locate(null, project, model, project.resolve("model-cache"), new RecordingLog());
        String text = "what great food, and the music was awful";
        // The model card's Java example, compiled and run as a user would, prints what predict gives.
        List<String> printed = CardJavaExample.run(
                Files.readString(model.resolve("README.md")), project.resolve("example"), model, text);
        try (Predictor predictor = Predictor.open(located, 32)) {
            Prediction p = predictor
                    .predictText(text, null, new RecordingLog())
                    .predictions()
                    .get(0);
            assertEquals(p.probabilities().length, printed.size(), printed.toString());
            for (int k = 0; k < printed.size(); k++) {
                String[] cells = printed.get(k).split("\t");
                assertEquals(predictor.labels().get(k), cells[0]);
                assertEquals(p.probabilities()[k], Double.parseDouble(cells[1]), 1e-4, printed.toString());
                if (task.isMultiLabel()) {
                    assertEquals(p.probabilities()[k] >= task.threshold() ? "yes" : "no", cells[2]);
                }
            }
            if (task.isRegression()) {
                assertEquals(p.probabilities()[0], Float.parseFloat(p.label()), 1e-4f);
            } else {
                List<String> chosen = new ArrayList<>();
                for (int k = 0; k < predictor.labels().size(); k++) {
                    if (p.probabilities()[k] >= task.threshold()) {
                        chosen.add(predictor.labels().get(k));
                    }
                }
                assertEquals(String.join("|", chosen), p.label(), Arrays.toString(p.probabilities()));
            }
        }
        return engine;
    }

    private static JsonObject config(FinetuneSettings settings) {
        return Json.read(settings.layout().modelDirectory().resolve("config.json"), JsonObject.class);
    }

    @Test
    void multiLabelTopicsAreLearntFarAboveChance() throws Exception {
        FinetuneSettings settings = settings(projects.resolve("topics"), "topics", "labels", 20, 1e-2);
        RecordingLog log = new RecordingLog();
        ClassificationMetrics test = train(settings, log).splits().get("test");
        assertTrue(log.infos.stream().anyMatch(l -> l.startsWith("Problem type multi-label (inferred")), log.all());
        assertEquals(
                "multi_label_classification",
                config(settings).get("problem_type").getAsString());
        assertEquals(ProblemType.MULTI_LABEL, test.problemType());
        // Chance: 4 labels, each on about half the rows; a model that predicts every label scores micro-F1 ~0.67
        // and subset accuracy ~0.05.
        assertTrue(
                test.multiLabel().microF1() > 0.85,
                "micro-F1 " + test.multiLabel().microF1() + "\n" + log.all());
        assertTrue(test.accuracy() > 0.5, "subset accuracy " + test.accuracy());
        checkExportAndPredict(settings, new ModelTask(ProblemType.MULTI_LABEL, 0.5));
    }

    @Test
    void multiLabelBalancedWeightsAreEachLabelsNegativesOverPositivesAndRecorded() {
        // Balanced class weights: each label's negatives over its positives, as BCE pos_weight.
        FinetuneSettings settings = settings(projects.resolve("weighted-topics"), "topics", "labels", 1, 1e-2);
        settings = settings.withTraining(settings.training().withClassWeights(ClassWeights.parse("balanced")));
        RecordingLog log = new RecordingLog();
        train(settings, log);
        assertTrue(
                log.infos.stream()
                        .anyMatch(l -> l.startsWith(
                                "Class weights (balanced, on each label's positive cells as BCE pos_weight): ")),
                log.all());
        JsonObject training = Json.read(settings.layout().modelDirectory().resolve("training.json"), JsonObject.class);
        JsonObject weights = training.getAsJsonObject("classWeights");
        EncodedSplit train =
                EncodedSplit.read(EncodedSplit.file(settings.layout().dataDirectory(), "train"));
        for (String label : weights.keySet()) {
            int k = List.copyOf(weights.keySet()).indexOf(label);
            long positives =
                    Arrays.stream(train.targets()).filter(row -> row[k] > 0.5f).count();
            assertEquals(
                    (train.size() - positives) / (double) positives,
                    weights.get(label).getAsDouble(),
                    1e-12,
                    label);
        }
    }

    @Test
    void regressionRefusesClassWeights() {
        FinetuneSettings settings = settings(projects.resolve("weighted-ratings"), "ratings", "rating", 1, 3e-3);
        FinetuneSettings weighted =
                settings.withTraining(settings.training().withClassWeights(ClassWeights.parse("balanced")));
        ConfigurationException e =
                assertThrows(ConfigurationException.class, () -> train(weighted, new RecordingLog()));
        assertEquals(
                "Invalid classWeights = balanced: class weights weigh labels, and a regression problem has none."
                        + " Fix: remove classWeights",
                e.getMessage());
    }

    @Test
    void regressionRatingsAreLearntFarAboveChance() throws Exception {
        FinetuneSettings settings = settings(projects.resolve("ratings"), "ratings", "rating", 15, 3e-3);
        RecordingLog log = new RecordingLog();
        ClassificationMetrics test = train(settings, log).splits().get("test");
        assertTrue(log.infos.stream().anyMatch(l -> l.startsWith("Problem type regression (inferred")), log.all());
        assertEquals("regression", config(settings).get("problem_type").getAsString());
        assertEquals(ProblemType.REGRESSION, test.problemType());
        // Chance: Pearson 0, and R² 0 for the training mean.
        assertTrue(test.regression().pearson() > 0.8, "Pearson " + test.regression() + "\n" + log.all());
        assertTrue(test.regression().r2() > 0.5, "R² " + test.regression());
        checkExportAndPredict(settings, ModelTask.of(ProblemType.REGRESSION));
    }
}
