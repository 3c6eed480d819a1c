package dev.stellar.finetune.data;

import dev.stellar.finetune.log.BuildLog;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Somewhere other than the local disk that a {@code dataset} may name (the Hugging Face Hub): it turns the
 * name into local files per split, which are then read like any local data set. Asked only when
 * {@code dataset} is not an existing local path.
 */
public interface DatasetSource {

    /** A short name for messages, e.g. "a Hugging Face Hub data set". */
    String describe();

    /** The files of each split (split name to files in reading order), or empty when the name is not for this source. */
    Optional<Map<String, List<DataFile>>> resolve(String dataset, BuildLog log);
}
