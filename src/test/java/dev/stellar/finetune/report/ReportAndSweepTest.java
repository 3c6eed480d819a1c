package dev.stellar.finetune.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.config.SelectBestBy;
import dev.stellar.finetune.config.TrainingSettings;
import dev.stellar.finetune.data.SplitTexts;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.pipeline.Job;
import dev.stellar.finetune.pipeline.JobResult;
import dev.stellar.finetune.pipeline.JobRunner;
import dev.stellar.finetune.pipeline.Step;
import dev.stellar.finetune.testing.TestSettings;
import dev.stellar.finetune.train.SweepReport;
import dev.stellar.finetune.train.TrainingReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A freeze sweep of three counts on the tiny model, prepared, trained and evaluated once for the class: the
 * sweep keeps the best model, and report.html shows every section, the sweep's chart and table included.
 */
class ReportAndSweepTest {

    private static final List<Integer> COUNTS = List.of(-1, 0, 2);

    @TempDir
    static Path project;

    private static FinetuneSettings settings;
    private static JobResult result;
    private static RecordingLog log;

    @BeforeAll
    static void sweep() {
        TrainingSettings training =
                new TrainingSettings(0, 2, 16, 3e-3, 0.01, 0.0, 1.0, SelectBestBy.ACCURACY, 0, null, COUNTS, null);
        settings = TestSettings.tinySentiment(project, training, null);
        log = new RecordingLog();
        result = JobRunner.run(
                new Job(List.of(Step.PREPARE_DATA, Step.FREEZE_AND_TRAIN, Step.EVALUATE), settings), log, Map.of());
    }

    private static Path finetune() {
        return settings.layout().root();
    }

    @Test
    void theSweepTrainsOneModelPerCountAndKeepsTheBest() throws Exception {
        SweepReport sweep = Json.read(settings.layout().sweepFile(), SweepReport.class);
        assertEquals(
                COUNTS,
                sweep.models().stream().map(SweepReport.Entry::freezeLayerCount).toList());
        double bestAccuracy = sweep.models().stream()
                .mapToDouble(e -> e.best().validationAccuracy())
                .max()
                .orElseThrow();
        SweepReport.Entry kept = sweep.kept();
        assertEquals(bestAccuracy, kept.best().validationAccuracy(), "kept the most accurate");
        assertEquals(
                sweep.models().stream()
                        .filter(e -> e.best().validationAccuracy() == bestAccuracy)
                        .findFirst()
                        .orElseThrow()
                        .freezeLayerCount(),
                kept.freezeLayerCount(),
                "ties go to the count listed first");
        for (SweepReport.Entry e : sweep.models()) {
            TrainingReport own =
                    Json.read(finetune().resolve(e.directory()).resolve("training.json"), TrainingReport.class);
            assertEquals(e.freezeLayerCount(), own.training().freezeLayerCount());
            assertEquals(List.of(), own.training().freezeLayerCounts(), "each model records a single count");
            assertEquals(2, own.epochs().size());
        }
        long[] trainable = sweep.models().stream()
                .mapToLong(SweepReport.Entry::trainableParameters)
                .toArray();
        assertTrue(
                trainable[0] < trainable[1] && trainable[2] < trainable[0],
                "freezing the embeddings trains less than nothing frozen; both layers frozen trains least");
        Path keptDirectory = finetune().resolve(kept.directory());
        assertArrayEquals(
                Files.readAllBytes(keptDirectory.resolve("model.safetensors")),
                Files.readAllBytes(settings.layout().modelDirectory().resolve("model.safetensors")));
        assertEquals(kept.fingerprint(), result.training().fingerprint(), "the job reports the kept model");
        assertTrue(
                log.infos.stream()
                        .anyMatch(l -> l.startsWith("Kept the model of freezeLayerCount " + kept.freezeLayerCount())),
                log.all());
    }

    @Test
    void aSweepModelIsTheModelASingleTrainingWithThatCountWouldGive() {
        SweepReport sweep = Json.read(settings.layout().sweepFile(), SweepReport.class);
        int count = sweep.kept().freezeLayerCount();
        FinetuneSettings single = settings.withTraining(settings.training().forFreezeCount(count));
        RecordingLog again = new RecordingLog();
        JobRunner.run(new Job(List.of(Step.FREEZE_AND_TRAIN), single), again, Map.of());
        assertTrue(again.infos.stream().anyMatch(l -> l.startsWith("The model is up to date")), again.all());
        assertFalse(Files.exists(settings.layout().sweepFile()), "a single training forgets the earlier sweep");
        // The report written by that job no longer shows a sweep.
        assertEquals(0, ReportDocument.parse(settings.layout().reportFile()).count("//section[@id='sweep']"));
        sweepAgain();
    }

    /** Restores the sweep for the other tests (all counts reused, nothing trained). */
    private static void sweepAgain() {
        RecordingLog again = new RecordingLog();
        JobRunner.run(new Job(List.of(Step.FREEZE_AND_TRAIN, Step.EVALUATE), settings), again, Map.of());
        assertFalse(again.infos.stream().anyMatch(l -> l.startsWith("Training ")), again.all());
    }

    @Test
    void aCountAboveTheModelsLayersFailsBeforeAnythingTrains() {
        TrainingSettings tooMany = new TrainingSettings(
                0, 2, 16, 3e-3, 0.01, 0.0, 1.0, SelectBestBy.ACCURACY, 0, null, List.of(0, 5), null);
        RecordingLog attempt = new RecordingLog();
        var e = assertThrows(
                ConfigurationException.class,
                () -> JobRunner.run(
                        new Job(List.of(Step.FREEZE_AND_TRAIN), settings.withTraining(tooMany)), attempt, Map.of()));
        assertEquals(
                "Invalid freezeLayerCounts = [0, 5]: the model has 2 encoder layers, so 5 is out of range. Fix:"
                        + " list counts from -1 to 2",
                e.getMessage());
        assertFalse(attempt.infos.stream().anyMatch(l -> l.startsWith("Training ")), attempt.all());
    }

    @Test
    void metricsCsvHasOneRowPerEpochAndMarksTheBest() throws Exception {
        List<String> lines =
                Files.readAllLines(settings.layout().modelDirectory().resolve("metrics.csv"));
        assertEquals(
                "epoch,steps,train_loss,train_accuracy,train_f1,validation_loss,validation_accuracy,"
                        + "validation_f1,learning_rate,best",
                lines.get(0));
        assertEquals(3, lines.size());
        TrainingReport training = result.training();
        for (int epoch = 1; epoch <= 2; epoch++) {
            String[] cells = lines.get(epoch).split(",");
            assertEquals(String.valueOf(epoch), cells[0]);
            assertEquals(training.epochs().get(epoch - 1).validationAccuracy(), Double.parseDouble(cells[6]));
            assertEquals(epoch == training.bestEpoch() ? "1" : "0", cells[9]);
        }
    }

    @Test
    void theReportShowsEverySectionWithChartsAndTables() throws Exception {
        assertEquals(settings.layout().reportFile(), result.report());
        ReportDocument report = ReportDocument.parse(result.report());
        for (String id :
                List.of("configuration", "model", "curves", "sweep", "evaluation", "data", "timings", "mistakes")) {
            assertEquals(1, report.count("//section[@id='" + id + "']"), id);
        }
        assertEquals(3, report.count("//section[@id='curves']//*[local-name()='svg']"), "loss, accuracy, F1");
        assertEquals(
                3,
                report.count("//section[@id='curves']//*[local-name()='svg']//*[@class='mark']"),
                "the best epoch is marked on each chart");
        assertEquals(2, report.count("//section[@id='sweep']//*[local-name()='svg']"), "accuracy and F1 per count");
        assertEquals(
                COUNTS.size(),
                report.count("//section[@id='sweep']//*[local-name()='svg'][1]" + "//*[@class='series']"),
                "one line per count");
        assertEquals(COUNTS.size(), report.count("//table[@class='sweep']/tbody/tr"));
        assertEquals(1, report.count("//table[@class='sweep']/tbody/tr[@class='kept']"));
        // Data: a histogram per split with maxLength drawn.
        int splits = result.data().roles().size();
        assertEquals(splits, report.count("//section[@id='data']//*[local-name()='svg']"));
        assertEquals(splits, report.count("//section[@id='data']//*[@class='max-length']"));
        // Evaluation: a confusion matrix per evaluated split, two labels each way.
        int evaluated = result.evaluation().splits().size();
        assertEquals(evaluated, report.count("//table[@class='confusion']"));
        assertEquals(evaluated * 2, report.count("//table[@class='confusion']/tbody/tr"));
        assertEquals(result.evaluation().mistakes().size(), report.count("//table[@class='mistakes']/tbody/tr"));
        assertEquals(result.training().summary().size() + 1, report.count("//table[@class='summary']/tbody/tr"));
        assertTrue(report.text().contains("Model summary"));
        assertEquals(0, report.count("//script"), "no script");
        assertEquals(0, report.count("//*[@src or @href[not(starts-with(., '#'))]]"), "nothing to fetch");
        assertTrue(log.infos.stream().noneMatch(l -> l.contains("could not be read")), log.all());
    }

    /** The page as a person sees it: rendered by a real browser, charts drawn, nothing fetched. */
    @Test
    void aBrowserRendersTheReportWithoutAnyNetworkRequest() throws Exception {
        Path browser = HeadlessChromium.requiredExecutable("the browser check of report.html");
        Path screenshot = project.resolve("report.png");
        HeadlessChromium.PageVisit visit;
        try (HeadlessChromium chromium = HeadlessChromium.start(browser, project.resolve("profile"))) {
            visit = chromium.visit(result.report(), 1200, PROBE, screenshot);
        }
        assertEquals(List.of(), visit.networkRequests(), "the report fetches nothing");
        assertEquals(List.of(), visit.consoleErrors());
        JsonObject probe = visit.probe().getAsJsonObject();
        int charts = probe.get("charts").getAsInt();
        assertEquals(
                3
                        + 2
                        + result.data().roles().size()
                        + result.evaluation().splits().size(),
                charts,
                "curves, sweep, histograms and a reliability chart per evaluated split");
        assertEquals(charts, probe.get("drawnCharts").getAsInt(), "every chart has a size on the page");
        assertTrue(probe.get("seriesPixels").getAsDouble() > 100, "lines are drawn, not empty paths");
        assertEquals(COUNTS.size(), probe.get("sweepRows").getAsInt());
        assertEquals(
                result.evaluation().splits().size(),
                probe.get("confusionTables").getAsInt());
        assertTrue(probe.get("pageHeight").getAsInt() > 2000, "all sections laid out");
        byte[] png = Files.readAllBytes(screenshot);
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
    }

    /** Counts what the browser laid out: charts with a box, the total length of the drawn lines, table rows. */
    private static final String PROBE = """
            (() => {
              const charts = [...document.querySelectorAll('svg.chart')];
              const drawn = charts.filter(c => { const r = c.getBoundingClientRect(); return r.width > 100 && r.height > 50; });
              const seriesPixels = [...document.querySelectorAll('path.series')]
                  .reduce((sum, p) => sum + p.getTotalLength(), 0);
              return {
                charts: charts.length,
                drawnCharts: drawn.length,
                seriesPixels: seriesPixels,
                sweepRows: document.querySelectorAll('table.sweep tbody tr').length,
                confusionTables: document.querySelectorAll('table.confusion').length,
                pageHeight: document.documentElement.scrollHeight
              };
            })()
            """;

    @Test
    void theMostConfidentMistakesAreValidationRowsWithTheirTexts() throws Exception {
        var mistakes = result.evaluation().mistakes();
        var validation = result.evaluation().splits().get("validation");
        int wrong = validation.count() - (int) Math.round(validation.accuracy() * validation.count());
        assertEquals(Math.min(10, wrong), mistakes.size());
        for (int i = 1; i < mistakes.size(); i++) {
            assertTrue(mistakes.get(i - 1).probability() >= mistakes.get(i).probability(), "most confident first");
        }
        var texts =
                SplitTexts.read(settings.layout().dataDirectory(), "validation").orElseThrow();
        mistakes.forEach(m -> {
            assertEquals(texts.get(m.row()).text(), m.text());
            assertFalse(m.trueLabel().equals(m.predictedLabel()));
            assertTrue(m.probability() >= 0.5, "the wrong label was the most probable of two");
        });
    }
}
