package dev.stellar.finetune.train;

import dev.stellar.finetune.config.SpeedSettings;
import dev.stellar.finetune.engine.ComputeDevice;
import dev.stellar.finetune.engine.ProcessMemory;
import dev.stellar.finetune.model.EncoderConfig;

/**
 * What fits in the memory budget: how many rows one forward/backward pass may take, and whether the
 * frozen prefix's outputs may be cached. Estimates, on the safe side, from the model's shape.
 */
public final class MemoryPlan {

    /** A GPU whose memory the CUDA runtime did not report is budgeted as if it had 16 GiB. */
    private static final long UNKNOWN_GPU_MIB = 16 * 1024;

    private final SpeedSettings speed;
    private final boolean onGpu;
    private final long budgetBytes;

    public MemoryPlan(SpeedSettings speed) {
        this(speed, ComputeDevice.current());
    }

    MemoryPlan(SpeedSettings speed, ComputeDevice device) {
        this.speed = speed;
        this.onGpu = device.isGpu();
        long mib = speed.memoryBudgetMiB() > 0 ? speed.memoryBudgetMiB() : defaultBudgetMiB(device);
        this.budgetBytes = mib * 1024 * 1024;
    }

    /**
     * Half the machine's memory on the CPU (the JVM, the data and the OS keep the rest); on a GPU half of its
     * memory, leaving the weights, the optimizer's moments, CUDA's own context and the caching allocator's
     * slack the other half.
     */
    static long defaultBudgetMiB(ComputeDevice device) {
        if (!device.isGpu()) {
            return ProcessMemory.physicalMiB() / 2;
        }
        return device.memoryBytes() > 0 ? (device.memoryBytes() >> 20) / 2 : UNKNOWN_GPU_MIB / 2;
    }

    public long budgetMiB() {
        return budgetBytes / (1024 * 1024);
    }

    /**
     * Bytes autograd keeps per row of {@code tokens} tokens through {@code trainedLayers} trained layers:
     * per token and layer the saved inputs of every linear, LayerNorm, GELU and dropout (about 12 hidden-
     * and 3 intermediate-sized vectors) and the attention probabilities with their dropout mask, times
     * 1.5 for backward's temporaries.
     */
    static long activationBytesPerRow(EncoderConfig config, int trainedLayers, int tokens) {
        long perToken =
                4L * (12L * config.hiddenSize() + 3L * config.intermediateSize() + 2L * config.numHeads() * tokens);
        return (long) (1.5 * perToken * tokens * Math.max(trainedLayers, 1));
    }

    /** Rows per pass: the explicit {@code microBatchSize}, else as many of the batch as fit the budget. */
    public int microBatchRows(int batchSize, EncoderConfig config, int trainedLayers, int longestRow) {
        if (speed.microBatchSize() > 0) {
            return Math.min(speed.microBatchSize(), batchSize);
        }
        long perRow = activationBytesPerRow(config, trainedLayers, longestRow);
        long fit = Math.max(1, budgetBytes / Math.max(1, perRow));
        return (int) Math.min(batchSize, fit);
    }

    /**
     * Whether a cache of {@code bytes} fits: half the budget, and on the CPU (where it lives on the Java heap)
     * half the heap still free.
     */
    public boolean cacheFits(long bytes) {
        if (onGpu) {
            return bytes <= budgetBytes / 2;
        }
        Runtime rt = Runtime.getRuntime();
        long freeHeap = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        return bytes <= budgetBytes / 2 && bytes <= freeHeap / 2;
    }
}
