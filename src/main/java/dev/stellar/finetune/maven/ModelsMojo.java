package dev.stellar.finetune.maven;

import dev.stellar.finetune.pipeline.Step;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Which models the plugin can fine-tune: alone, the architectures (config.json's {@code model_type}) with
 * well-known checkpoints; with {@code -Dfinetune.search=roberta}, the Hub's matching models with their
 * model_type, downloads and likes, and whether this plugin can fine-tune each. A goal beside finetune:datasets
 * rather than a mode of it: its search means models, and it takes none of the data set parameters.
 */
@Mojo(name = "models", requiresProject = false, threadSafe = true)
public class ModelsMojo extends AbstractHubListingMojo {

    @Override
    protected List<Step> steps() {
        return List.of(Step.LIST_MODELS);
    }
}
