package dev.stellar.finetune.train;

import dev.stellar.finetune.config.FinetuneException;

/** The loss or the gradients stopped being finite numbers; training cannot go on from here. */
public class TrainingDivergedException extends FinetuneException {

    public TrainingDivergedException(String message) {
        super(message);
    }
}
