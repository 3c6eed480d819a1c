package dev.stellar.finetune.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.ExportFormat;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.config.Precision;
import dev.stellar.finetune.config.ReuseSettings;
import dev.stellar.finetune.config.SelectBestBy;
import dev.stellar.finetune.pipeline.Step;
import java.nio.file.Files;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;

/** The POM binds into the core's settings with the documented defaults, and bad values name themselves. */
@MojoTest
class MojoConfigurationTest {

    @Test
    @InjectMojo(goal = "train")
    @MojoParameter(name = "dataset", value = "data")
    void goalsWithoutTrainingParametersHandTheCoreTheTrainingDefaults(TrainMojo mojo) {
        FinetuneSettings s = mojo.settings();
        assertEquals(
                s.data(), AbstractFinetuneMojo.data("data", List.of("text"), AbstractFinetuneMojo.DEFAULT_MAX_LENGTH));
        assertEquals(s.head(), AbstractFinetuneMojo.defaultHead());
        assertEquals(s.training(), AbstractFinetuneMojo.training(0, Precision.FP32));
        assertEquals(s.gate(), AbstractFinetuneMojo.noGate());
        assertEquals(s.reuse(), ReuseSettings.defaults());
        assertEquals(s.seed(), AbstractFinetuneMojo.DEFAULT_SEED);
        assertEquals(s.exportFormats(), ExportFormat.defaults());
    }

    @Test
    @InjectMojo(goal = "benchmark")
    @MojoParameter(name = "model", value = "models/bert")
    @MojoParameter(name = "precision", value = "bf16")
    @MojoParameter(name = "freezeLayerCount", value = "2")
    @MojoParameter(name = "classifierHiddenSizes", value = "none")
    void benchmarkBindsTheModelItMeasures(BenchmarkMojo mojo) {
        FinetuneSettings s = mojo.settings();
        assertEquals("models/bert", s.model());
        assertEquals(Precision.BF16, s.training().precision());
        assertEquals(2, s.training().freezeLayerCount());
        assertEquals(List.of(), s.head().hiddenSizes());
        assertEquals(42, s.seed());
    }

    @Test
    @InjectMojo(goal = "datasets")
    @MojoParameter(name = "dataset", value = "nyu-mll/glue")
    @MojoParameter(name = "datasetConfig", value = "mrpc")
    void datasetsBindsTheDataSetItLists(DatasetsMojo mojo) {
        FinetuneSettings s = mojo.settings();
        assertEquals("nyu-mll/glue", s.data().dataset());
        assertEquals("mrpc", s.hub().datasetConfig());
        assertEquals(null, s.hub().datasetRevision());
    }

    @Test
    @InjectMojo(goal = "models")
    @MojoParameter(name = "search", value = "roberta")
    void modelsSearchesForItsWords(ModelsMojo mojo) {
        var job = mojo.job(mojo.settings());
        assertEquals(List.of(Step.LIST_MODELS), job.steps());
        assertEquals("roberta", job.query());
    }

    @Test
    @InjectMojo(goal = "train")
    @MojoParameter(name = "model", value = "models/bert")
    @MojoParameter(name = "dataset", value = "data")
    void defaultsAreThoseTheReadmeDocuments(TrainMojo mojo) {
        FinetuneSettings s = mojo.settings();
        assertEquals("models/bert", s.model());
        assertEquals(List.of("text"), s.data().textColumns());
        assertEquals("label", s.data().labelColumn());
        assertEquals("train", s.data().trainSplit());
        assertEquals(null, s.data().validationSplit());
        assertEquals(0.1, s.data().validationFraction());
        assertEquals(0.0, s.data().testFraction());
        assertEquals(128, s.data().maxLength());
        assertEquals(List.of(256), s.head().hiddenSizes());
        assertEquals(0.1, s.head().dropout());
        assertEquals(null, s.head().pooling(), "the family's own pooling");
        assertEquals(0, s.training().freezeLayerCount());
        assertEquals(3, s.training().epochs());
        assertEquals(32, s.training().batchSize());
        assertEquals(5e-5, s.training().learningRate());
        assertEquals(0.01, s.training().weightDecay());
        assertEquals(0.1, s.training().warmupRatio());
        assertEquals(1.0, s.training().maxGradNorm());
        assertEquals(SelectBestBy.VALIDATION_LOSS, s.training().selectBestBy());
        assertEquals(0, s.training().earlyStoppingPatience());
        assertEquals(null, s.gate().minAccuracy());
        assertEquals("validation", s.gate().gateSplit());
        assertTrue(s.gate().haltOnFailure());
        assertEquals(42, s.seed());
        assertEquals(Runtime.getRuntime().availableProcessors(), s.threads());
        assertTrue(
                s.workDirectory().endsWith("target/finetune"), s.workDirectory().toString());
        assertTrue(mojo.fork, "work runs in a worker JVM by default");
        assertEquals(List.of(ExportFormat.ONNX), s.exportFormats());
    }

    @Test
    @InjectMojo(goal = "train")
    @MojoParameter(name = "model", value = "m")
    @MojoParameter(name = "dataset", value = "d")
    @MojoParameter(name = "textColumns", value = "sentence1,sentence2")
    @MojoParameter(name = "labels", value = "negative, positive")
    @MojoParameter(name = "classifierHiddenSizes", value = "512,128")
    @MojoParameter(name = "pooling", value = "mean")
    @MojoParameter(name = "freezeLayerCount", value = "-1")
    @MojoParameter(name = "selectBestBy", value = "f1")
    @MojoParameter(name = "minAccuracy", value = "0.85")
    @MojoParameter(name = "gateSplit", value = "test")
    @MojoParameter(name = "threads", value = "1")
    void listsAndChoicesBindFromTheirTextForms(TrainMojo mojo) {
        FinetuneSettings s = mojo.settings();
        assertEquals(List.of("sentence1", "sentence2"), s.data().textColumns());
        assertTrue(s.data().isPairTask());
        assertEquals(List.of("negative", "positive"), s.data().labels());
        assertEquals(List.of(512, 128), s.head().hiddenSizes());
        assertEquals(Pooling.MEAN, s.head().pooling());
        assertEquals(-1, s.training().freezeLayerCount());
        assertEquals(SelectBestBy.F1, s.training().selectBestBy());
        assertEquals(0.85, s.gate().minAccuracy());
        assertEquals("test", s.gate().gateSplit());
        assertEquals(1, s.threads());
    }

    @Test
    @InjectMojo(goal = "freeze-and-train")
    @MojoParameter(name = "model", value = "m")
    @MojoParameter(name = "dataset", value = "d")
    @MojoParameter(name = "exportFormats", value = "onnx-int8,onnx")
    void exportFormatsBindFromACommaSeparatedList(FreezeAndTrainMojo mojo) {
        assertEquals(
                List.of(ExportFormat.ONNX, ExportFormat.ONNX_INT8),
                mojo.settings().exportFormats());
    }

    @Test
    @InjectMojo(goal = "freeze-and-train")
    @MojoParameter(name = "model", value = "m")
    @MojoParameter(name = "dataset", value = "d")
    @MojoParameter(name = "exportFormats", value = "none")
    void exportFormatsNoneExportsNothing(FreezeAndTrainMojo mojo) {
        assertEquals(List.of(), mojo.settings().exportFormats());
    }

    @Test
    @InjectMojo(goal = "freeze-and-train")
    @MojoParameter(name = "model", value = "m")
    @MojoParameter(name = "dataset", value = "d")
    @MojoParameter(name = "classifierHiddenSizes", value = "none")
    void noneGivesTheSingleLinearHead(FreezeAndTrainMojo mojo) {
        assertEquals(List.of(), mojo.settings().head().hiddenSizes());
    }

    @Test
    @InjectMojo(goal = "train")
    @MojoParameter(name = "model", value = "m")
    @MojoParameter(name = "dataset", value = "d")
    @MojoParameter(name = "batchSize", value = "0")
    @MojoParameter(name = "fork", value = "false")
    void aNonPositiveBatchSizeFailsTheBuildWithTheFix(TrainMojo mojo) {
        var e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertEquals(
                "Invalid batchSize = 0: must be at least 1. Fix: set <batchSize> to a positive number such as 32",
                e.getMessage());
    }

    @Test
    @InjectMojo(goal = "prepare-data")
    @MojoParameter(name = "model", value = "m")
    @MojoParameter(name = "dataset", value = "d")
    @MojoParameter(name = "learningRate", value = "-0.1")
    void aNegativeLearningRate(PrepareDataMojo mojo) {
        var e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(
                e.getMessage().startsWith("Invalid learningRate = -0.1: must be a positive number."), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "train")
    @MojoParameter(name = "model", value = "m")
    @MojoParameter(name = "dataset", value = "d")
    @MojoParameter(name = "classifierHiddenSizes", value = "256,big")
    void aHiddenSizeThatIsNotANumber(TrainMojo mojo) {
        var e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertEquals(
                "Invalid classifierHiddenSizes = 256,big: \"big\" is not a whole number. Fix: use comma-separated"
                        + " sizes such as 256 or 512,256, or none",
                e.getMessage());
    }

    @Test
    @InjectMojo(goal = "train")
    @MojoParameter(name = "model", value = "m")
    @MojoParameter(name = "dataset", value = "d")
    @MojoParameter(name = "freezeLayerCounts", value = "-1, 2,4")
    void aFreezeSweepBindsFromACommaSeparatedList(TrainMojo mojo) {
        assertEquals(List.of(-1, 2, 4), mojo.settings().training().freezeLayerCounts());
        assertTrue(mojo.settings().training().isSweep());
    }

    @Test
    @InjectMojo(goal = "train")
    @MojoParameter(name = "model", value = "m")
    @MojoParameter(name = "dataset", value = "d")
    @MojoParameter(name = "freezeLayerCounts", value = "2,two")
    void aFreezeCountThatIsNotANumber(TrainMojo mojo) {
        var e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertEquals(
                "Invalid freezeLayerCounts = 2,two: \"two\" is not a whole number. Fix: list freeze counts such"
                        + " as -1,2,4",
                e.getMessage());
    }

    @Test
    @InjectMojo(goal = "freeze-and-train")
    @MojoParameter(name = "model", value = "m")
    @MojoParameter(name = "dataset", value = "d")
    @MojoParameter(name = "freezeLayerCounts", value = "2,4,2")
    void aFreezeCountListedTwice(FreezeAndTrainMojo mojo) {
        var e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertEquals(
                "Invalid freezeLayerCounts = [2, 4, 2]: it lists 2 twice. Fix: list each freeze count once",
                e.getMessage());
    }

    @Test
    @InjectMojo(goal = "evaluate")
    @MojoParameter(name = "pooling", value = "max")
    @MojoParameter(name = "dataset", value = "d")
    void anUnknownPooling(EvaluateMojo mojo) {
        var e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertEquals(
                "Invalid pooling = max: unknown pooling. Fix: use one of pooler, cls, mean, or leave it out for the"
                        + " model's own",
                e.getMessage());
    }

    @Test
    @InjectMojo(goal = "train")
    @MojoParameter(name = "batchSize", value = "0")
    @MojoParameter(name = "skip", value = "true")
    void skipSkipsBeforeLookingAtAnything(TrainMojo mojo) throws Exception {
        mojo.outputDirectory =
                Files.createTempDirectory("skip").resolve("finetune").toFile();
        mojo.execute();
        assertFalse(mojo.outputDirectory.exists());
    }
}
