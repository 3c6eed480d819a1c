package dev.stellar.finetune.maven;

import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.pipeline.JobResult;
import dev.stellar.finetune.pipeline.Step;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Reads the data set, picks or carves the train/validation/test splits, tokenizes them with the model's
 * tokenizer and writes them with their statistics to target/finetune/data.
 */
@Mojo(name = "prepare-data", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class PrepareDataMojo extends AbstractTrainingMojo {

    @Override
    protected List<Step> steps() {
        return List.of(Step.PREPARE_DATA);
    }

    @Override
    protected void conclude(JobResult result, FinetuneSettings settings) {
        // The data files are the outcome; nothing to attach or gate.
    }
}
