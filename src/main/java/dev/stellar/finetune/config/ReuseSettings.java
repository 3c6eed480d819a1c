package dev.stellar.finetune.config;

import java.nio.file.Path;

/**
 * How a build reuses earlier work. None of this changes the trained model, so none of it is part of the
 * training fingerprint.
 *
 * @param force train even when the model is up to date
 * @param cacheDirectory keeps trained models by fingerprint across {@code mvn clean}; {@code null} for none
 * @param checkpointEverySteps also checkpoint within epochs, every this many optimizer steps; 0 for epoch
 *     ends only
 */
public record ReuseSettings(boolean force, Path cacheDirectory, int checkpointEverySteps) {

    public ReuseSettings {
        Checks.atLeast(
                "checkpointEverySteps",
                checkpointEverySteps,
                0,
                "use the number of steps between checkpoints, or 0 to checkpoint at the end of each epoch only");
    }

    public static ReuseSettings defaults() {
        return new ReuseSettings(false, null, 0);
    }
}
