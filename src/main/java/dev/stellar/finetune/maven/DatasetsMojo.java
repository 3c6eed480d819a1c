package dev.stellar.finetune.maven;

import dev.stellar.finetune.config.DataSettings;
import dev.stellar.finetune.config.HubSettings;
import dev.stellar.finetune.pipeline.Step;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Lists what the Hugging Face Hub offers, as the notebook's pickers did: {@code -Dfinetune.search=glue}
 * lists matching data sets; {@code -Dfinetune.dataset=nyu-mll/glue} lists its configurations; adding
 * {@code -Dfinetune.datasetConfig=mrpc} lists that configuration's splits, row counts and features.
 */
@Mojo(name = "datasets", requiresProject = false, threadSafe = true)
public class DatasetsMojo extends AbstractHubListingMojo {

    /** The Hub data set whose configurations are listed (with datasetConfig, its splits), e.g. {@code nyu-mll/glue}. */
    @Parameter(property = "finetune.dataset")
    protected String dataset;

    /** The configuration whose splits, row counts and features are listed (e.g. {@code mrpc}). */
    @Parameter(property = "finetune.datasetConfig")
    protected String datasetConfig;

    /**
     * The revision of the data set's Parquet conversion (a commit of {@code refs/convert/parquet}); unset for its
     * latest.
     */
    @Parameter(property = "finetune.datasetRevision")
    protected String datasetRevision;

    @Override
    protected HubSettings hub() {
        return new HubSettings(null, datasetConfig, datasetRevision);
    }

    @Override
    protected DataSettings data() {
        return data(dataset, null, DEFAULT_MAX_LENGTH);
    }

    @Override
    protected List<Step> steps() {
        return List.of(Step.LIST_DATASETS);
    }
}
