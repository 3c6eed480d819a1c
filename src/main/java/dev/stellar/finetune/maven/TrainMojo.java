package dev.stellar.finetune.maven;

import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.pipeline.JobResult;
import dev.stellar.finetune.pipeline.Step;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Prepares the data, trains and evaluates in one invocation ({@code mvn finetune:train}): the same core
 * steps as prepare-data, freeze-and-train and evaluate, in one worker JVM.
 */
@Mojo(name = "train", threadSafe = true)
public class TrainMojo extends AbstractTrainingMojo {

    private final MavenProjectHelper projectHelper;

    @Inject
    public TrainMojo(MavenProjectHelper projectHelper) {
        this.projectHelper = projectHelper;
    }

    @Override
    protected List<Step> steps() {
        return List.of(Step.PREPARE_DATA, Step.FREEZE_AND_TRAIN, Step.EVALUATE);
    }

    @Override
    protected void conclude(JobResult result, FinetuneSettings settings) throws MojoFailureException {
        ModelAttachment.attach(project, projectHelper, settings, getLog());
        QualityGateOutcome.apply(result.evaluation(), haltOnFailure, getLog());
    }
}
