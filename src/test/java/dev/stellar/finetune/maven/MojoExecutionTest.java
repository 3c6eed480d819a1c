package dev.stellar.finetune.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** Goals run in-process (fork=false) on the tiny model: Maven outcomes from the core's results. */
@MojoTest
class MojoExecutionTest {

    private static void prepare(AbstractFinetuneMojo mojo, String name) throws Exception {
        Path work = Files.createTempDirectory("finetune-" + name);
        mojo.outputDirectory = work.resolve("finetune").toFile();
        mojo.project.setArtifact(new DefaultArtifact(
                "dev.stellar.test", name, "1.0", "compile", "pom", null, new DefaultArtifactHandler("pom")));
        mojo.project.getBuild().setDirectory(work.toString());
        mojo.project.getBuild().setFinalName(name + "-1.0");
    }

    @Test
    @InjectMojo(goal = "train")
    @MojoParameter(name = "model", value = "src/test/resources/tiny-bert")
    @MojoParameter(name = "dataset", value = "src/it/data/sentiment")
    @MojoParameter(name = "maxLength", value = "32")
    @MojoParameter(name = "epochs", value = "1")
    @MojoParameter(name = "learningRate", value = "1e-7")
    @MojoParameter(name = "minAccuracy", value = "0.99")
    @MojoParameter(name = "fork", value = "false")
    void aMissedGateFailsTheBuildWithTheMeasuredValueAndTheProperty(TrainMojo mojo) throws Exception {
        prepare(mojo, "gate");
        var e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(
                e.getMessage()
                        .matches(
                                "Validation accuracy 0\\.\\d{3} is below the minimum 0\\.99 set by finetune\\.minAccuracy"),
                e.getMessage());
    }

    @Test
    @InjectMojo(goal = "train")
    @MojoParameter(name = "model", value = "src/test/resources/tiny-bert")
    @MojoParameter(name = "dataset", value = "src/it/data/sentiment")
    @MojoParameter(name = "maxLength", value = "32")
    @MojoParameter(name = "epochs", value = "1")
    @MojoParameter(name = "minAccuracy", value = "0.99")
    @MojoParameter(name = "haltOnFailure", value = "false")
    @MojoParameter(name = "fork", value = "false")
    void withoutHaltOnFailureTheModelIsStillAttached(TrainMojo mojo) throws Exception {
        prepare(mojo, "attach");
        mojo.execute();
        Artifact attached = mojo.project.getAttachedArtifacts().get(0);
        assertEquals("model", attached.getClassifier());
        assertEquals("zip", attached.getType());
        assertTrue(
                attached.getFile().getName().equals("attach-1.0-model.zip"),
                attached.getFile().toString());
        assertTrue(attached.getFile().length() > 1_000_000, "the zip holds the weights");
    }

    @Test
    @InjectMojo(goal = "evaluate")
    @MojoParameter(name = "fork", value = "false")
    void evaluatingBeforeTrainingSaysWhatToRun(EvaluateMojo mojo) throws Exception {
        prepare(mojo, "untrained");
        var e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("No trained model in "), e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith("Fix: run mvn finetune:freeze-and-train first (or mvn finetune:train,"
                                + " which runs all steps)."),
                e.getMessage());
    }

    @Test
    @InjectMojo(goal = "freeze-and-train")
    @MojoParameter(name = "model", value = "src/test/resources/tiny-bert")
    @MojoParameter(name = "fork", value = "false")
    void trainingBeforePreparingDataSaysWhatToRun(FreezeAndTrainMojo mojo) throws Exception {
        prepare(mojo, "unprepared");
        var e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().contains("Fix: run mvn finetune:prepare-data first"), e.getMessage());
    }

    @Test
    @InjectMojo(goal = "train")
    @MojoParameter(name = "model", value = "src/test/resources/tiny-bert")
    @MojoParameter(name = "dataset", value = "src/it/data/sentiment")
    @MojoParameter(name = "freezeLayerCount", value = "5")
    @MojoParameter(name = "fork", value = "false")
    void freezingMoreLayersThanTheModelHas(TrainMojo mojo) throws Exception {
        prepare(mojo, "freeze");
        var e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(
                e.getMessage().startsWith("Invalid freezeLayerCount = 5: the model has 2 encoder layers."),
                e.getMessage());
    }
}
