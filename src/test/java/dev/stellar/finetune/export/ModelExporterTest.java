package dev.stellar.finetune.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.ExportFormat;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.eval.ClassificationMetrics;
import dev.stellar.finetune.eval.EvaluationReport;
import dev.stellar.finetune.io.Hashing;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.pipeline.Job;
import dev.stellar.finetune.pipeline.JobRunner;
import dev.stellar.finetune.pipeline.Step;
import dev.stellar.finetune.testing.TestModels;
import dev.stellar.finetune.testing.TestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which export files a model directory gets, when they are written, and what a failed export leaves. */
class ModelExporterTest {

    @TempDir
    static Path project;

    private static FinetuneSettings settings;

    @BeforeAll
    static void prepare() {
        TestModels.startEngine();
        // Enough training that the tiny model separates the classes, so the figures compared below mean something.
        settings = TestSettings.tinySentiment(project, TestSettings.quickTraining(10, 3e-3), null);
        JobRunner.run(new Job(List.of(Step.PREPARE_DATA), settings), new RecordingLog(), Map.of());
    }

    @Test
    void exportFormatsChoosesTheFilesAndAChangeExportsWithoutTrainingAgain() throws Exception {
        Path model = settings.layout().modelDirectory();
        train(settings.withExportFormats(List.of()));
        assertFalse(Files.exists(model.resolve("model.onnx")), "exportFormats none writes no model.onnx");
        String weights = Hashing.sha256(model.resolve("model.safetensors"));

        RecordingLog log = train(settings.withExportFormats(List.of(ExportFormat.ONNX, ExportFormat.ONNX_INT8)));
        assertTrue(
                log.infos.stream().anyMatch(line -> line.startsWith("The model is up to date")), log.infos.toString());
        assertTrue(Files.isRegularFile(model.resolve("model.onnx")));
        assertTrue(Files.isRegularFile(model.resolve("model_int8.onnx")));
        assertEquals(weights, Hashing.sha256(model.resolve("model.safetensors")), "the model was not trained again");

        FileTime written = Files.getLastModifiedTime(model.resolve("model.onnx"));
        log = train(settings.withExportFormats(List.of(ExportFormat.ONNX)));
        assertEquals(written, Files.getLastModifiedTime(model.resolve("model.onnx")), "an existing export is kept");
        assertFalse(Files.exists(model.resolve("model_int8.onnx")), "a format no longer asked for is removed");
        assertTrue(log.infos.stream().anyMatch(line -> line.contains("onnx-int8 is not in exportFormats")));
    }

    @Test
    void evaluateSetsTheInt8ExportsFiguresBesideTheModelsOwn() throws Exception {
        FinetuneSettings fp32Only = settings.withExportFormats(List.of(ExportFormat.ONNX));
        JobRunner.run(new Job(List.of(Step.FREEZE_AND_TRAIN, Step.EVALUATE), fp32Only), new RecordingLog(), Map.of());
        EvaluationReport withoutInt8 = EvaluationReport.read(settings.layout().evaluationFile());
        assertEquals("model.safetensors in the engine", withoutInt8.scoredWith());
        assertEquals(Map.of(), withoutInt8.exports());

        FinetuneSettings both = settings.withExportFormats(List.of(ExportFormat.ONNX, ExportFormat.ONNX_INT8));
        RecordingLog log = new RecordingLog();
        JobRunner.run(new Job(List.of(Step.FREEZE_AND_TRAIN, Step.EVALUATE), both), log, Map.of());
        EvaluationReport evaluation = EvaluationReport.read(settings.layout().evaluationFile());
        ClassificationMetrics fp32 = evaluation.splits().get("validation");
        assertTrue(fp32.accuracy() > 0.7, "the model learnt something: " + fp32.accuracy());
        assertEquals(withoutInt8.splits().get("validation").accuracy(), fp32.accuracy(), "the model's own figures");
        ClassificationMetrics int8 = evaluation.exports().get("onnx-int8").get("validation");
        assertEquals(fp32.count(), int8.count());
        assertTrue(
                Math.abs(int8.accuracy() - fp32.accuracy()) <= 0.1,
                "int8 " + int8.accuracy() + " against fp32 " + fp32.accuracy());
        assertTrue(
                log.infos.stream().anyMatch(line -> line.startsWith("Validation, model_int8.onnx: accuracy ")),
                log.infos.toString());
        String report = Files.readString(settings.layout().reportFile());
        assertTrue(
                report.contains("<table class=\"exports\">") && report.contains("<th>onnx-int8</th>"),
                "the report shows the int8 figures");
        assertTrue(report.contains("Scored with model.safetensors in the engine."));
        String card = Files.readString(settings.layout().modelDirectory().resolve("README.md"));
        assertTrue(
                card.contains(
                        String.format(java.util.Locale.ROOT, "| onnx-int8 | validation | %.4f |", int8.accuracy())),
                "the model card shows the int8 figures");
    }

    @Test
    void aModelTooLargeForOneOnnxFileFailsNamingTheParameterAndKeepsTheTrainedModel() throws Exception {
        Path model = project.resolve("too-large");
        JobRunner.run(
                new Job(List.of(Step.FREEZE_AND_TRAIN), settings.withExportFormats(List.of())),
                new RecordingLog(),
                Map.of());
        Files.createDirectories(model);
        try (Stream<Path> files = Files.list(settings.layout().modelDirectory())) {
            for (Path file : files.toList()) {
                Files.copy(file, model.resolve(file.getFileName()));
            }
        }
        long size = Files.size(model.resolve("model.safetensors"));
        ModelExporter exporter = new ModelExporter(size / 2);
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> exporter.export(model, List.of(ExportFormat.ONNX), new RecordingLog()));
        assertEquals("exportFormats", e.parameter());
        assertTrue(e.getMessage().contains("one ONNX file holds at most"), e.getMessage());
        assertTrue(e.getMessage().contains("The trained model is kept in " + model), e.getMessage());
        assertTrue(e.getMessage().contains("Fix: export onnx-int8 alone"), e.getMessage());
        assertEquals(size, Files.size(model.resolve("model.safetensors")));
        try (Stream<Path> files = Files.list(model)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains("onnx")), "no partial export left");
        }
    }

    @Test
    void anUnknownFormatNamesTheParameterAndTheChoices() {
        ConfigurationException e =
                assertThrows(ConfigurationException.class, () -> ExportFormat.parseList("onnx,torchscript"));
        assertEquals(
                "Invalid exportFormats = onnx,torchscript: unknown export format \"torchscript\". Fix: use onnx,"
                        + " onnx-int8 (comma-separated), or none for no export",
                e.getMessage());
        assertEquals(List.of(), ExportFormat.parseList("none"));
        assertEquals(List.of(), ExportFormat.parseList(" "));
        assertEquals(
                List.of(ExportFormat.ONNX, ExportFormat.ONNX_INT8), ExportFormat.parseList("onnx-int8, ONNX,onnx"));
    }

    private static RecordingLog train(FinetuneSettings trainingSettings) {
        RecordingLog log = new RecordingLog();
        JobRunner.run(new Job(List.of(Step.FREEZE_AND_TRAIN), trainingSettings), log, Map.of());
        return log;
    }
}
