package dev.stellar.finetune.maven;

import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.pipeline.JobResult;
import dev.stellar.finetune.pipeline.Step;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Scores the trained model on the validation split and, when it has labels, the test split, writes
 * target/finetune/evaluation.json and the model card with the figures (packed again into the model zip when
 * freeze-and-train attached it), and fails the build when the gated split misses minAccuracy or minF1.
 */
@Mojo(name = "evaluate", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class EvaluateMojo extends AbstractTrainingMojo {

    @Override
    protected List<Step> steps() {
        return List.of(Step.EVALUATE);
    }

    @Override
    protected void conclude(JobResult result, FinetuneSettings settings) throws MojoFailureException {
        ModelAttachment.repackIfAttached(project, settings, getLog());
        QualityGateOutcome.apply(result.evaluation(), haltOnFailure, getLog());
    }
}
