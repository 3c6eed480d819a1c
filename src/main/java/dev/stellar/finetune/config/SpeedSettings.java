package dev.stellar.finetune.config;

/**
 * How training is made fast. None of these changes what is learnt beyond float rounding, except
 * {@code frozenDropout}, which restores the notebook's dropout inside frozen layers (and so rules out
 * caching their outputs).
 *
 * @param precision the arithmetic of the encoder's matrix products (weights stay fp32)
 * @param groupByLength batch rows of similar length together (shuffled, then sorted within seeded
 *     windows), so dynamic padding pads little
 * @param microBatchSize rows per forward/backward pass, gradients accumulated up to {@code batchSize};
 *     0 chooses it from {@code memoryBudgetMiB}
 * @param cacheFrozenActivations compute the frozen embeddings and layers once per training row and
 *     reuse them every epoch; {@code null} does so when the cache fits the memory budget and
 *     {@code frozenDropout} is off
 * @param frozenDropout apply dropout inside frozen layers during training, as a notebook that only sets
 *     {@code requires_grad=False} does
 * @param memoryBudgetMiB memory the micro-batches and the activation cache may take; 0: half of the
 *     machine's physical memory
 */
public record SpeedSettings(
        Precision precision,
        boolean groupByLength,
        int microBatchSize,
        Boolean cacheFrozenActivations,
        boolean frozenDropout,
        int memoryBudgetMiB) {

    public SpeedSettings {
        precision = precision == null ? Precision.FP32 : precision;
        Checks.atLeast(
                "microBatchSize",
                microBatchSize,
                0,
                "use a number of rows such as 16, or 0 to choose it from memoryBudgetMiB");
        Checks.atLeast(
                "memoryBudgetMiB",
                memoryBudgetMiB,
                0,
                "use a size in MiB such as 8192, or 0 for half of the physical memory");
        if (Boolean.TRUE.equals(cacheFrozenActivations) && frozenDropout) {
            throw new ConfigurationException(
                    "cacheFrozenActivations",
                    true,
                    "frozenDropout is also on, and outputs" + " computed with random dropout cannot be reused",
                    "set one of them to false");
        }
    }

    /** The defaults a POM gets: fp32, length grouping on, micro-batches and the cache chosen automatically. */
    public static SpeedSettings defaults() {
        return new SpeedSettings(Precision.FP32, true, 0, null, false, 0);
    }

    public SpeedSettings withPrecision(Precision value) {
        return new SpeedSettings(
                value, groupByLength, microBatchSize, cacheFrozenActivations, frozenDropout, memoryBudgetMiB);
    }
}
