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

    /** A freeze sweep's models, one folder per freeze count. */
    public Path sweepDirectory() {
        return root.resolve("sweep");
    }

    /** The freeze sweep's comparison: figures per freeze count and which was kept. */
    public Path sweepFile() {
        return root.resolve("sweep.json");
    }

    public Path reportFile() {
        return root.resolve("report.html");
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
