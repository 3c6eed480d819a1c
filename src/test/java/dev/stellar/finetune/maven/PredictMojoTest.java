package dev.stellar.finetune.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.pipeline.Job;
import dev.stellar.finetune.pipeline.JobRunner;
import dev.stellar.finetune.pipeline.Step;
import dev.stellar.finetune.testing.TestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

/** finetune:predict binds its parameters, runs in-process on a trained tiny model, and names what is wrong. */
@MojoTest
class PredictMojoTest {

    /** Maven's log, kept for assertions. */
    private static final class KeptLog extends SystemStreamLog {
        final List<String> infos = new ArrayList<>();

        @Override
        public void info(CharSequence content) {
            infos.add(content.toString());
            super.info(content);
        }
    }

    private static void inTempOutput(AbstractFinetuneMojo mojo) throws Exception {
        mojo.outputDirectory = Files.createTempDirectory("finetune-predict")
                .resolve("finetune")
                .toFile();
    }

    private static String failure(PredictMojo mojo) {
        return assertThrows(MojoExecutionException.class, mojo::execute).getMessage();
    }

    @Test
    @InjectMojo(goal = "predict")
    @MojoParameter(name = "text", value = "a great film")
    @MojoParameter(name = "textPair", value = "a dull one")
    @MojoParameter(name = "modelDir", value = "models/reviews.zip")
    @MojoParameter(name = "predictionsFile", value = "out.csv")
    @MojoParameter(name = "maxLength", value = "64")
    @MojoParameter(name = "overwrite", value = "true")
    @MojoParameter(name = "escapeFormulas", value = "true")
    void parametersBindIntoTheJob(PredictMojo mojo) throws Exception {
        inTempOutput(mojo);
        FinetuneSettings settings = mojo.settings();
        Job job = mojo.job(settings);
        assertEquals(List.of(Step.PREDICT), job.steps());
        assertEquals("a great film", job.predict().text());
        assertEquals("a dull one", job.predict().textPair());
        assertEquals(null, job.predict().input());
        assertEquals("models/reviews.zip", job.predict().modelDir());
        assertEquals("out.csv", job.predict().predictionsFile());
        assertTrue(job.predict().overwrite());
        assertTrue(job.predict().escapeFormulas());
        assertEquals(64, settings.data().maxLength());
        assertEquals(List.of("text"), settings.data().textColumns());
        assertTrue(mojo.fork, "predict runs in the worker JVM by default");
    }

    @Test
    @InjectMojo(goal = "predict")
    @MojoParameter(name = "fork", value = "false")
    void neitherTextNorInput(PredictMojo mojo) throws Exception {
        inTempOutput(mojo);
        assertEquals(
                "Invalid text = (not set): finetune:predict needs a text or an input file, and neither text nor"
                        + " input is set. Fix: run mvn finetune:predict -Dfinetune.text=\"a sentence\", or"
                        + " -Dfinetune.input=file.csv to classify the rows of a table",
                failure(mojo));
    }

    @Test
    @InjectMojo(goal = "predict")
    @MojoParameter(name = "text", value = "a great film")
    @MojoParameter(name = "input", value = "reviews.csv")
    @MojoParameter(name = "fork", value = "false")
    void bothTextAndInput(PredictMojo mojo) throws Exception {
        inTempOutput(mojo);
        String message = failure(mojo);
        assertTrue(message.startsWith("Invalid input = reviews.csv: text is set too (\"a great film\")"), message);
        assertTrue(message.contains(". Fix: leave out -Dfinetune.text"), message);
    }

    @Test
    @InjectMojo(goal = "predict")
    @MojoParameter(name = "input", value = "reviews.csv")
    @MojoParameter(name = "textPair", value = "second")
    @MojoParameter(name = "fork", value = "false")
    void aTextPairWithAnInputFile(PredictMojo mojo) throws Exception {
        inTempOutput(mojo);
        String message = failure(mojo);
        assertTrue(message.startsWith("Invalid textPair = second: it goes with text, not with input"), message);
        assertTrue(message.contains("-Dfinetune.textColumns=first,second"), message);
    }

    @Test
    @InjectMojo(goal = "predict")
    @MojoParameter(name = "text", value = "a great film")
    @MojoParameter(name = "fork", value = "false")
    void withoutATrainedModelItSaysToTrainFirst(PredictMojo mojo) throws Exception {
        inTempOutput(mojo);
        String message = failure(mojo);
        assertTrue(
                message.startsWith("Invalid modelDir = (not set): there is no trained model in "
                        + mojo.outputDirectory.toPath().resolve("model")),
                message);
        assertTrue(message.contains("Fix: run mvn finetune:train first"), message);
    }

    @Test
    @InjectMojo(goal = "predict")
    @MojoParameter(name = "text", value = "a great film")
    @MojoParameter(name = "modelDir", value = "src/test/resources/tiny-bert")
    @MojoParameter(name = "fork", value = "false")
    void aPretrainedModelIsNoFineTunedModel(PredictMojo mojo) throws Exception {
        inTempOutput(mojo);
        String message = failure(mojo);
        assertTrue(
                message.startsWith("Invalid modelDir = src/test/resources/tiny-bert: its config.json has no"
                        + " classifier record"),
                message);
        assertTrue(message.contains("Fix: run mvn finetune:train first"), message);
    }

    @Test
    @InjectMojo(goal = "predict")
    @MojoParameter(name = "input", value = "src/it/data/sentiment/test.csv")
    @MojoParameter(name = "fork", value = "false")
    void predictsTheRowsOfAFileWithATrainedModel(PredictMojo mojo) throws Exception {
        Path project = Files.createTempDirectory("finetune-predict-model");
        FinetuneSettings training = TestSettings.tinySentiment(project, TestSettings.quickTraining(1, 3e-3), null);
        JobRunner.run(
                new Job(List.of(Step.PREPARE_DATA, Step.FREEZE_AND_TRAIN), training), new RecordingLog(), Map.of());
        inTempOutput(mojo);
        mojo.modelDir = training.layout().modelDirectory().toString();
        Path csv = project.resolve("predictions.csv");
        mojo.predictionsFile = csv.toString();
        KeptLog log = new KeptLog();
        mojo.setLog(log);
        mojo.execute();
        assertTrue(log.infos.contains("Model " + mojo.modelDir + ": labels 0, 1, maxLength 32"), log.infos.toString());
        assertEquals(
                60,
                log.infos.stream()
                        .filter(l -> l.matches("row \\d+: [01] \\(.*"))
                        .count(),
                log.infos.toString());
        assertTrue(log.infos.stream().anyMatch(l -> l.startsWith("60 rows: 0 ")), log.infos.toString());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("text,predicted_label,probability_0,probability_1", lines.get(0));
        assertEquals(61, lines.size());
    }

    /** A table the user keeps: predict must never replace it. */
    private static Path usersTable(Path folder) throws Exception {
        Path table = folder.resolve("reviews.csv");
        Files.writeString(table, "id,text,stars\n1,a great film,5\n2,a dull one,1\n");
        return table;
    }

    @Test
    @InjectMojo(goal = "predict")
    @MojoParameter(name = "fork", value = "false")
    void thePredictionsFileIsNeverTheInput(PredictMojo mojo) throws Exception {
        inTempOutput(mojo);
        Path folder = Files.createTempDirectory("finetune-predict-input");
        Path table = usersTable(folder);
        byte[] before = Files.readAllBytes(table);
        Path symbolic = Files.createSymbolicLink(folder.resolve("link.csv"), table);
        Path hard = Files.createLink(folder.resolve("hard.csv"), table);
        mojo.input = table.toString();
        for (Path output : List.of(table, symbolic, hard, folder.resolve("sub/../reviews.csv"))) {
            mojo.predictionsFile = output.toString();
            assertEquals(
                    "Invalid predictionsFile = " + output.normalize() + ": it is the input file " + table
                            + " (the same file once links are resolved), and writing the predictions there would replace the"
                            + " rows being classified. Fix: name another file, e.g."
                            + " -Dfinetune.predictionsFile=predictions.csv",
                    failure(mojo),
                    output.toString());
            mojo.overwrite = true;
            assertTrue(failure(mojo).contains("it is the input file"), "overwrite does not allow it: " + output);
            mojo.overwrite = false;
        }
        assertArrayEquals(before, Files.readAllBytes(table));
    }

    @Test
    @InjectMojo(goal = "predict")
    @MojoParameter(name = "text", value = "a great film")
    @MojoParameter(name = "fork", value = "false")
    void aFileThatPredictDidNotWriteIsKept(PredictMojo mojo) throws Exception {
        inTempOutput(mojo);
        Path table = usersTable(Files.createTempDirectory("finetune-predict-foreign"));
        byte[] before = Files.readAllBytes(table);
        mojo.predictionsFile = table.toString();
        assertEquals(
                "Invalid predictionsFile = " + table + ": the file exists and finetune:predict did not write it"
                        + " (its first line is not a predictions header: the text column(s), predicted_label, then"
                        + " probability_<label> columns), so it is left as it is. Fix: name a new file, or set"
                        + " -Dfinetune.overwrite=true to replace it",
                failure(mojo));
        assertArrayEquals(before, Files.readAllBytes(table));
    }

    @Test
    @InjectMojo(goal = "predict")
    @MojoParameter(name = "text", value = "a great film")
    void overwriteAndEscapeFormulasAreOffByDefault(PredictMojo mojo) throws Exception {
        inTempOutput(mojo);
        Job job = mojo.job(mojo.settings());
        assertFalse(job.predict().overwrite());
        assertFalse(job.predict().escapeFormulas());
    }
}
