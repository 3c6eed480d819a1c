package dev.stellar.finetune.model;

import dev.stellar.finetune.log.BuildLog;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns the {@code model} parameter into a local directory in Hugging Face layout. Each source
 * recognises its own kind of location (a directory, a Hub id, Maven coordinates) and declines others.
 */
public interface ModelSource {

    /** A short name for messages, e.g. "local directory". */
    String describe();

    /** The local directory holding the model, or empty when this source does not handle the location. */
    Optional<Path> resolve(String location, BuildLog log);

    /** Whether a location this source resolves is a Hugging Face Hub model id (a model card's base_model). */
    default boolean resolvesHubIds() {
        return false;
    }
}
