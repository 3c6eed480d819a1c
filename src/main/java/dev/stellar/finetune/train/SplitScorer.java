package dev.stellar.finetune.train;

import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.log.BuildLog;

/** Scores every row of a split with a trained classifier: probabilities, predictions and the mean loss. */
public interface SplitScorer {

    /**
     * @param log where progress goes, or {@code null} for none
     * @param task what the progress line calls the work, e.g. "evaluating test"
     */
    Scores score(EncodedSplit split, BuildLog log, String task);
}
