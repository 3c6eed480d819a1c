package dev.stellar.finetune.pipeline;

import java.util.List;

/**
 * What finetune:models found: without a search, every model_type the plugin knows with well-known checkpoints;
 * with one, the matching Hub models, fine-tunable ones first. The list the request did not ask for is empty.
 */
public record ModelCatalog(List<Family> families, List<Match> matches) {

    /**
     * A config.json {@code model_type} the plugin knows.
     *
     * @param family the encoder family that reads it (xlm-roberta is read as roberta)
     * @param fineTunable whether users may select it today; the others are coming
     */
    public record Family(String modelType, String family, boolean fineTunable, List<String> checkpoints) {}

    /**
     * A model the search found.
     *
     * @param modelType its config.json model_type; null when the Hub knows no config.json for it
     * @param family the encoder family that reads it; null for a model_type the plugin does not know
     */
    public record Match(String id, String modelType, String family, boolean fineTunable, long downloads, long likes) {}
}
