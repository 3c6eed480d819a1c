package dev.stellar.finetune.maven;

import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.pipeline.Job;
import dev.stellar.finetune.pipeline.JobResult;
import org.apache.maven.plugins.annotations.Parameter;

/** What finetune:datasets and finetune:models share: words to search the Hub for, and a listing as the outcome. */
public abstract class AbstractHubListingMojo extends AbstractFinetuneMojo {

    /** Words to search Hub ids for: data set ids with finetune:datasets, model ids with finetune:models. */
    @Parameter(property = "finetune.search")
    protected String search;

    @Override
    protected Job job(FinetuneSettings settings) {
        return new Job(steps(), settings, search);
    }

    @Override
    protected void conclude(JobResult result, FinetuneSettings settings) {
        // The listing is the outcome; it is already in the log.
    }
}
