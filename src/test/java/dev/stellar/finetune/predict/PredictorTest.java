package dev.stellar.finetune.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.config.PredictSettings;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.io.ZipFiles;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.pipeline.Job;
import dev.stellar.finetune.pipeline.JobResult;
import dev.stellar.finetune.pipeline.JobRunner;
import dev.stellar.finetune.pipeline.Step;
import dev.stellar.finetune.testing.TestModels;
import dev.stellar.finetune.testing.TestSettings;
import dev.stellar.finetune.train.Scorer;
import dev.stellar.finetune.train.Scores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Predictions of a fine-tuned tiny model equal what evaluate computes for the same rows. */
class PredictorTest {

    private static final Path TEST_CSV =
            Path.of("src/it/data/sentiment/test.csv").toAbsolutePath();

    @TempDir
    static Path project;

    private static FinetuneSettings settings;
    private static Path modelDirectory;

    @BeforeAll
    static void trainTinyModel() {
        TestModels.startEngine();
        settings = TestSettings.tinySentiment(project, TestSettings.quickTraining(1, 3e-3), null);
        JobRunner.run(
                new Job(List.of(Step.PREPARE_DATA, Step.FREEZE_AND_TRAIN), settings), new RecordingLog(), Map.of());
        modelDirectory = settings.layout().modelDirectory();
    }

    private static FineTunedModel located(String modelDir) {
        return FineTunedModel.locate(
                modelDir, project, modelDirectory, project.resolve("model-cache"), new RecordingLog());
    }

    /** What evaluate's Scorer gives each row of the prepared test split (test.csv, in file order). */
    private static float[][] evaluatedTestProbabilities() {
        EncodedSplit test =
                EncodedSplit.read(EncodedSplit.file(settings.layout().dataDirectory(), "test"));
        try (ClassifierModel model = ClassifierModel.loadFineTuned(modelDirectory, "model")) {
            Scores scores = new Scorer(model, 64).score(test, null, "evaluating");
            return scores.probabilities();
        }
    }

    @Test
    void theModelRecordsWhatItWasTrainedWith() {
        FineTunedModel model = located(null);
        assertEquals(32, model.maxLength(), "maxLength from training.json");
        assertEquals(List.of("text"), model.textColumns());
        assertEquals(false, model.pairs());
    }

    @Test
    void fileRowsGetTheProbabilitiesEvaluateGivesThem() {
        float[][] expected = evaluatedTestProbabilities();
        try (Predictor predictor = Predictor.open(located(null), 128)) {
            PredictionReport report = predictor.predictFile(TEST_CSV, List.of("text"), new RecordingLog());
            assertEquals(expected.length, report.predictions().size());
            assertEquals(60, report.predictions().size());
            for (int i = 0; i < expected.length; i++) {
                Prediction p = report.predictions().get(i);
                assertEquals(i + 1, p.row());
                assertArrayEquals(expected[i], p.probabilities(), 1e-5f, "row " + (i + 1));
                double sum = 0;
                for (float probability : p.probabilities()) {
                    sum += probability;
                }
                assertEquals(1.0, sum, 1e-5, "probabilities of row " + (i + 1) + " sum to 1");
                int best = p.probabilities()[0] >= p.probabilities()[1] ? 0 : 1;
                assertEquals(report.labels().get(best), p.label());
            }
            assertEquals(List.of("0", "1"), report.labels());
            assertEquals(
                    60,
                    report.counts().values().stream()
                            .mapToInt(Integer::intValue)
                            .sum());
        }
    }

    @Test
    void aTextFromTheCommandLineGetsTheProbabilitiesOfItsRow() throws Exception {
        float[][] expected = evaluatedTestProbabilities();
        List<String> lines = Files.readAllLines(TEST_CSV);
        String third = lines.get(3).substring(0, lines.get(3).lastIndexOf(','));
        try (Predictor predictor = Predictor.open(located(null), 128)) {
            PredictionReport report = predictor.predictText(third, null, new RecordingLog());
            assertEquals(1, report.predictions().size());
            assertArrayEquals(expected[2], report.predictions().get(0).probabilities(), 1e-5f, third);
        }
    }

    @Test
    void aZipOfTheModelPredictsAsTheDirectoryDoes() {
        Path zip = project.resolve("copies/model.zip");
        ZipFiles.zipDirectory(modelDirectory, zip);
        FineTunedModel unpacked = located("copies/model.zip");
        assertNotEquals(modelDirectory, unpacked.directory());
        assertEquals(32, unpacked.maxLength());
        List<Prediction> fromDirectory;
        try (Predictor predictor = Predictor.open(located(null), 128)) {
            fromDirectory = predictor
                    .predictFile(TEST_CSV, List.of("text"), new RecordingLog())
                    .predictions();
        }
        try (Predictor predictor = Predictor.open(unpacked, 128)) {
            List<Prediction> fromZip = predictor
                    .predictFile(TEST_CSV, List.of("text"), new RecordingLog())
                    .predictions();
            for (int i = 0; i < fromZip.size(); i++) {
                assertArrayEquals(
                        fromDirectory.get(i).probabilities(), fromZip.get(i).probabilities(), 0f);
            }
        }
        RecordingLog again = new RecordingLog();
        FineTunedModel.locate("copies/model.zip", project, modelDirectory, project.resolve("model-cache"), again);
        assertTrue(again.all().contains("Using the model unpacked earlier"), again.all());
    }

    @Test
    void textsAreTruncatedToTheMaxLengthTheModelWasTrainedWith() {
        String longText = "the room was excellent and the staff were friendly ".repeat(10);
        FineTunedModel trained = located(null);
        FineTunedModel unrecorded = new FineTunedModel(trained.directory(), trained.location(), 0, null);
        float[] recorded;
        try (Predictor predictor = Predictor.open(trained, 128)) {
            assertEquals(32, predictor.maxLength());
            recorded = predictor
                    .predictText(longText, null, new RecordingLog())
                    .predictions()
                    .get(0)
                    .probabilities();
        }
        try (Predictor predictor = Predictor.open(unrecorded, 32)) {
            assertArrayEquals(
                    recorded,
                    predictor
                            .predictText(longText, null, new RecordingLog())
                            .predictions()
                            .get(0)
                            .probabilities(),
                    1e-6f,
                    "the maxLength parameter applies when training.json has none");
        }
        try (Predictor predictor = Predictor.open(unrecorded, 128)) {
            float[] longer = predictor
                    .predictText(longText, null, new RecordingLog())
                    .predictions()
                    .get(0)
                    .probabilities();
            assertTrue(Math.abs(longer[0] - recorded[0]) > 1e-6, "128 tokens see more of the text than 32");
        }
    }

    @Test
    void aPairGoesOnlyToAPairModel() {
        FineTunedModel single = located(null);
        try (Predictor predictor = Predictor.open(single, 128)) {
            var e = assertThrows(
                    ConfigurationException.class,
                    () -> predictor.predictText("a great film", "a second text", new RecordingLog()));
            assertEquals(
                    "Invalid textPair = a second text: the model " + single.location() + " was trained on single"
                            + " texts (textColumns text). Fix: leave out -Dfinetune.textPair, or give -Dfinetune.modelDir a"
                            + " model trained on sentence pairs",
                    e.getMessage());
        }
        FineTunedModel pairs = new FineTunedModel(single.directory(), "pairs", 32, List.of("s1", "s2"));
        try (Predictor predictor = Predictor.open(pairs, 128)) {
            var e = assertThrows(
                    ConfigurationException.class,
                    () -> predictor.predictText("a great film", null, new RecordingLog()));
            assertTrue(
                    e.getMessage()
                            .startsWith("Invalid textPair = (not set): the model pairs was trained on sentence"
                                    + " pairs (textColumns s1,s2)"),
                    e.getMessage());
            Prediction p = predictor
                    .predictText("a great film", "a dull one", new RecordingLog())
                    .predictions()
                    .get(0);
            assertEquals("a dull one", p.pair());
            assertEquals(1.0, p.probabilities()[0] + p.probabilities()[1], 1e-5);
        }
    }

    @Test
    void aFileWithoutTheTextColumnListsItsColumns() throws Exception {
        Path file = project.resolve("reviews.csv");
        Files.writeString(file, "review,stars\ngreat,5\n");
        try (Predictor predictor = Predictor.open(located(null), 128)) {
            var e = assertThrows(
                    ConfigurationException.class,
                    () -> predictor.predictFile(file, List.of("text"), new RecordingLog()));
            assertEquals(
                    "Invalid textColumns = text: the file " + file + " has no column 'text' (its columns:"
                            + " 'review', 'stars'). Fix: set <textColumns> to the text column(s) of the data",
                    e.getMessage());
            var missing = assertThrows(
                    ConfigurationException.class,
                    () -> predictor.predictFile(project.resolve("nope.csv"), List.of("text"), new RecordingLog()));
            assertTrue(
                    missing.getMessage()
                            .startsWith("Invalid input = " + project.resolve("nope.csv")
                                    + ": there is no such file. Fix: "),
                    missing.getMessage());
            // A model trained on "text" still reads a file's "text" column when textColumns names another.
            assertEquals(
                    60,
                    predictor
                            .predictFile(TEST_CSV, List.of("review"), new RecordingLog())
                            .predictions()
                            .size());
        }
    }

    @Test
    void aDirectoryThatIsNoFineTunedModelSaysToTrainFirst() {
        var pretrained = assertThrows(
                ConfigurationException.class,
                () -> located(TestModels.tinyBert().toString()));
        assertTrue(
                pretrained
                        .getMessage()
                        .startsWith("Invalid modelDir = " + TestModels.tinyBert()
                                + ": its config.json has no classifier record"),
                pretrained.getMessage());
        assertTrue(
                pretrained
                        .getMessage()
                        .endsWith("Fix: run mvn finetune:train first (it writes"
                                + " target/finetune/model), or give -Dfinetune.modelDir=<a model directory or model zip written by"
                                + " finetune:freeze-and-train>"),
                pretrained.getMessage());
        var absent = assertThrows(
                ConfigurationException.class,
                () -> FineTunedModel.locate(
                        null,
                        project,
                        project.resolve("elsewhere/model"),
                        project.resolve("model-cache"),
                        new RecordingLog()));
        assertTrue(
                absent.getMessage()
                        .startsWith("Invalid modelDir = (not set): there is no trained model in "
                                + project.resolve("elsewhere/model") + ". Fix: run mvn finetune:train first"),
                absent.getMessage());
        var nowhere = assertThrows(ConfigurationException.class, () -> located("no/such/model"));
        assertTrue(
                nowhere.getMessage()
                        .startsWith("Invalid modelDir = no/such/model: there is no such directory or" + " file"),
                nowhere.getMessage());
    }

    @Test
    void theStepPrintsEachRowASummaryAndWritesTheCsv() throws Exception {
        RecordingLog log = new RecordingLog();
        JobResult result = JobRunner.run(
                new Job(
                        List.of(Step.PREDICT),
                        settings,
                        new PredictSettings(null, null, TEST_CSV.toString(), null, "out/predictions.csv")),
                log,
                Map.of());
        PredictionReport report = result.predictions();
        assertEquals(60, report.predictions().size());
        assertTrue(
                log.infos.stream()
                        .anyMatch(l -> l.matches("row 1: [01] \\(\\d\\.\\d{3}\\) \\| 0 \\d\\.\\d{3}, 1"
                                + " \\d\\.\\d{3} \\| \"the staff was dreadful\\.\"")),
                log.all());
        assertTrue(
                log.infos.stream()
                        .anyMatch(l -> l.matches("60 rows: 0 \\d+ \\(\\d+\\.\\d%\\), 1 \\d+ \\(\\d+\\.\\d%\\)")),
                log.all());
        List<String> csv = Files.readAllLines(project.resolve("out/predictions.csv"));
        assertEquals("text,predicted_label,probability_0,probability_1", csv.get(0));
        assertEquals(61, csv.size());
        assertTrue(csv.get(1).matches("the staff was dreadful\\.,[01],0\\.\\d{6},0\\.\\d{6}"), csv.get(1));

        RecordingLog one = new RecordingLog();
        JobResult single = JobRunner.run(
                new Job(List.of(Step.PREDICT), settings, new PredictSettings("a great film", null, null, null, null)),
                one,
                Map.of());
        assertNull(single.predictions().predictionsFile());
        assertTrue(
                one.infos.stream()
                        .anyMatch(l -> l.matches(
                                "\"a great film\" -> [01] \\(\\d\\.\\d{3}\\) \\| 0" + " \\d\\.\\d{3}, 1 \\d\\.\\d{3}")),
                one.all());
        assertTrue(one.infos.stream().noneMatch(l -> l.contains(" rows: ")), "no summary for one text");
    }

    @Test
    void earlierPredictionsAreReplacedAndAForeignFileOnlyWithOverwrite() throws Exception {
        Path out = project.resolve("replace/predictions.csv");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "text,predicted_label,probability_0,probability_1\nold,0,1.000000,0.000000\n");
        JobRunner.run(
                new Job(
                        List.of(Step.PREDICT),
                        settings,
                        new PredictSettings("a great film", null, null, null, out.toString())),
                new RecordingLog(),
                Map.of());
        List<String> ours = Files.readAllLines(out);
        assertEquals(2, ours.size());
        assertTrue(ours.get(1).startsWith("a great film,"), ours.toString());

        Files.writeString(out, "id,notes\n1,keep me\n");
        var refused = assertThrows(
                ConfigurationException.class,
                () -> JobRunner.run(
                        new Job(
                                List.of(Step.PREDICT),
                                settings,
                                new PredictSettings("a great film", null, null, null, out.toString())),
                        new RecordingLog(),
                        Map.of()));
        assertEquals("predictionsFile", refused.parameter());
        assertEquals("id,notes\n1,keep me\n", Files.readString(out));
        JobRunner.run(
                new Job(
                        List.of(Step.PREDICT),
                        settings,
                        new PredictSettings("=1+1", null, null, null, out.toString(), true, true)),
                new RecordingLog(),
                Map.of());
        List<String> replaced = Files.readAllLines(out);
        assertEquals("text,predicted_label,probability_0,probability_1", replaced.get(0));
        assertTrue(replaced.get(1).startsWith("'=1+1,"), replaced.toString());

        Path input = Files.copy(TEST_CSV, project.resolve("replace/reviews.csv"));
        Path link = Files.createSymbolicLink(project.resolve("replace/link.csv"), input);
        byte[] before = Files.readAllBytes(input);
        var same = assertThrows(
                ConfigurationException.class,
                () -> JobRunner.run(
                        new Job(
                                List.of(Step.PREDICT),
                                settings,
                                new PredictSettings(null, null, input.toString(), null, link.toString(), true, false)),
                        new RecordingLog(),
                        Map.of()));
        assertTrue(same.getMessage().contains("it is the input file " + input), same.getMessage());
        assertArrayEquals(before, Files.readAllBytes(input));
    }
}
