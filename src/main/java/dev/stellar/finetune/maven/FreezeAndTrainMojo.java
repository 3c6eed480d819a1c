package dev.stellar.finetune.maven;

import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.pipeline.JobResult;
import dev.stellar.finetune.pipeline.Step;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Loads the pretrained encoder, freezes its embeddings and first layers, puts the classifier head on top,
 * trains and validates every epoch, keeps the best epoch, writes target/finetune/model and attaches it to
 * the project as {@code <finalName>-model.zip}.
 */
@Mojo(name = "freeze-and-train", defaultPhase = LifecyclePhase.PREPARE_PACKAGE, threadSafe = true)
public class FreezeAndTrainMojo extends AbstractTrainingMojo {

    private final MavenProjectHelper projectHelper;

    @Inject
    public FreezeAndTrainMojo(MavenProjectHelper projectHelper) {
        this.projectHelper = projectHelper;
    }

    @Override
    protected List<Step> steps() {
        return List.of(Step.FREEZE_AND_TRAIN);
    }

    @Override
    protected void conclude(JobResult result, FinetuneSettings settings) {
        ModelAttachment.attach(project, projectHelper, settings, getLog());
    }
}
