package dev.stellar.finetune.card;

import dev.stellar.finetune.config.WorkLayout;
import dev.stellar.finetune.io.AtomicFiles;
import dev.stellar.finetune.log.BuildLog;
import java.nio.file.Path;

/**
 * Writes README.md, the model card, into the model directory (and so into the attached model zip):
 * freeze-and-train writes it without evaluation, evaluate rewrites it with the figures and the gate's verdict.
 * The card documents the model and never decides the build: a card that cannot be written is a warning.
 */
public final class ModelCard {

    private ModelCard() {}

    /** @param withEvaluation whether evaluation.json (of this very model) goes on the card */
    public static void write(WorkLayout layout, boolean withEvaluation, BuildLog log) {
        Path file = layout.modelDirectory().resolve(ModelCardFacts.CARD);
        try {
            AtomicFiles.writeString(file, ModelCardText.render(ModelCardFacts.gather(layout, withEvaluation)));
            log.info("Model card written: " + file);
        } catch (RuntimeException e) {
            log.warn("The model card " + file + " could not be written (" + e + "); the model itself is complete."
                    + " Fix: run the goal again, and report this with the model's training.json if it persists.");
        }
    }
}
