package dev.stellar.finetune.config;

import java.nio.file.Path;

/** The files the goals exchange under {@code target/finetune/}: one place that names them all. */
public record WorkLayout(Path root) {

    public Path dataDirectory() {
        return root.resolve("data");
    }

    public Path modelDirectory() {
        return root.resolve("model");
    }

    /** Resumable training state; removed when training completes. */
    public Path checkpointDirectory() {
        return root.resolve("checkpoint");
    }

    public Path evaluationFile() {
        return root.resolve("evaluation.json");
    }

    public Path jobsDirectory() {
        return root.resolve("jobs");
    }

    /** The worker JVMs' logs, one per goal. */
    public Path logsDirectory() {
        return root.resolve("logs");
    }
}
