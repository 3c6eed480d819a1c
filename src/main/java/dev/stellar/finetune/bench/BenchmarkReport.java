package dev.stellar.finetune.bench;

import java.util.Map;

/**
 * Throughput of one model at one shape: training steps (forward, backward, clipping, AdamW) and
 * inference batches (no gradients), with model FLOP/s against the GEMM ceiling measured alongside, and
 * inference of the same classifier's exports in ONNX Runtime (by export format id). {@code
 * lowPrecisionCeilingGflops} is the ceiling in the precision's 16-bit type (bf16 or fp16); NaN for fp32.
 */
public record BenchmarkReport(
        String model,
        String precision,
        int freezeLayerCount,
        int batchSize,
        int sequenceLength,
        int threads,
        double trainSamplesPerSecond,
        double trainTokensPerSecond,
        double trainGflops,
        double trainSecondsPerStep,
        double inferSamplesPerSecond,
        double inferTokensPerSecond,
        double inferGflops,
        double fp32CeilingGflops,
        double lowPrecisionCeilingGflops,
        double trainShareOfCeiling,
        double inferShareOfCeiling,
        double peakResidentMiB,
        Map<String, Double> onnxInferSamplesPerSecond) {}
