package dev.stellar.finetune.config;

/**
 * The shape finetune:benchmark measures at.
 *
 * @param batchSize rows per step
 * @param sequenceLength tokens per row (all real, no padding)
 * @param steps timed steps (after two warm-up steps), of which the median is reported
 */
public record BenchmarkSettings(int batchSize, int sequenceLength, int steps) {

    public BenchmarkSettings {
        Checks.atLeast("benchmarkBatchSize", batchSize, 1, "use e.g. 32");
        Checks.atLeast("benchmarkSequenceLength", sequenceLength, 3, "use e.g. 64 or 128");
        Checks.atLeast("benchmarkSteps", steps, 1, "use e.g. 8");
    }
}
