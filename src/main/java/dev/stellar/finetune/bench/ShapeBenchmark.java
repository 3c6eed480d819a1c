package dev.stellar.finetune.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.engine.ProcessMemory;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.FlopModel;
import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.runtime.OnnxScorer;
import dev.stellar.finetune.train.AdamW;
import dev.stellar.finetune.train.LossScaler;
import dev.stellar.finetune.train.OptimizerStep;
import dev.stellar.finetune.train.Scorer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** Steady-state throughput at a fixed shape, on random tokens, with the real training and scoring code. */
public final class ShapeBenchmark {

    private final ClassifierModel model;
    private final int freezeLayerCount;
    private final String precision;
    private final int threads;
    private final BuildLog log;

    public ShapeBenchmark(ClassifierModel model, int freezeLayerCount, String precision, int threads, BuildLog log) {
        this.model = model;
        this.freezeLayerCount = freezeLayerCount;
        this.precision = precision;
        this.threads = threads;
        this.log = log;
    }

    /**
     * @param exports the exported forms of the same classifier to time in ONNX Runtime, by export format id
     *     (empty for none)
     */
    public BenchmarkReport run(
            String modelName, int batch, int length, int steps, KernelKind kind, Map<String, Path> exports) {
        EncodedSplit rows = randomRows(batch, length);
        int[] all = new int[batch];
        for (int i = 0; i < batch; i++) {
            all[i] = i;
        }
        long[] lengths = new long[batch];
        Arrays.fill(lengths, length);
        FlopModel flops =
                new FlopModel(model.config(), model.network().classifier().linearShapes());
        Map<String, Parameter> trainable = model.trainableParameters();
        double trainSeconds;
        try (NDManager state = model.manager().newSubManager()) {
            OptimizerStep step = new OptimizerStep(
                    model, trainable, new AdamW(trainable, 0.01, state), 1.0, 0, null, LossScaler.forKind(kind), null);
            trainSeconds = timed(steps, () -> step.run(rows, all, 1e-6));
        }
        Scorer scorer = new Scorer(model, batch);
        double inferSeconds = timed(steps, () -> scorer.score(rows, null, "benchmark"));
        Map<String, Double> onnxSamplesPerSecond = new LinkedHashMap<>();
        exports.forEach((format, file) -> {
            try (OnnxScorer onnx = new OnnxScorer(file, batch, threads)) {
                onnxSamplesPerSecond.put(format, batch / timed(steps, () -> onnx.score(rows, null, "benchmark")));
            }
        });
        long tokens = (long) batch * length;
        double trainGflops = flops.train(lengths, freezeLayerCount) / trainSeconds / 1e9;
        double inferGflops = flops.infer(lengths) / inferSeconds / 1e9;
        log.info("Measuring the matrix-product ceiling of this process ...");
        double fp32 = GemmCeiling.measure(
                tokens, model.config().hiddenSize(), model.config().intermediateSize(), KernelKind.FP32);
        double low = kind.lowPrecision()
                ? GemmCeiling.measure(
                        tokens, model.config().hiddenSize(), model.config().intermediateSize(), kind)
                : Double.NaN;
        double ceiling = kind.lowPrecision() ? low : fp32;
        BenchmarkReport report = new BenchmarkReport(
                modelName,
                precision,
                freezeLayerCount,
                batch,
                length,
                threads,
                batch / trainSeconds,
                tokens / trainSeconds,
                trainGflops,
                trainSeconds,
                batch / inferSeconds,
                tokens / inferSeconds,
                inferGflops,
                fp32,
                low,
                trainGflops / ceiling,
                inferGflops / ceiling,
                ProcessMemory.peakResidentMiB(),
                onnxSamplesPerSecond);
        log.info(String.format(
                Locale.ROOT,
                "Train: %.2f samples/s, %.0f tokens/s, %.3f s/step, %.1f GFLOP/s (%.0f%% of" + " the %s ceiling)",
                report.trainSamplesPerSecond(),
                report.trainTokensPerSecond(),
                trainSeconds,
                trainGflops,
                100 * report.trainShareOfCeiling(),
                kind.label()));
        log.info(String.format(
                Locale.ROOT,
                "Infer: %.2f samples/s, %.0f tokens/s, %.1f GFLOP/s (%.0f%% of the %s" + " ceiling)",
                report.inferSamplesPerSecond(),
                report.inferTokensPerSecond(),
                inferGflops,
                100 * report.inferShareOfCeiling(),
                kind.label()));
        onnxSamplesPerSecond.forEach((format, rate) -> log.info(String.format(
                Locale.ROOT,
                "Infer in ONNX Runtime" + " (%s export): %.2f samples/s, %.0f tokens/s, %.2fx the engine",
                format,
                rate,
                rate * length,
                rate / report.inferSamplesPerSecond())));
        log.info(String.format(
                Locale.ROOT,
                "GEMM ceiling in this process: fp32 %.1f GFLOP/s%s; peak RSS %.0f MiB",
                fp32,
                kind.lowPrecision() ? String.format(Locale.ROOT, ", %s %.1f GFLOP/s", kind.label(), low) : "",
                report.peakResidentMiB()));
        return report;
    }

    /** Median seconds of {@code runs} timed runs after two untimed warm-up runs. */
    private static double timed(int runs, Runnable work) {
        work.run();
        work.run();
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.run();
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        return seconds[runs / 2];
    }

    /** {@code batch} rows of {@code length} random word pieces between [CLS] and [SEP]; seed 0. */
    static EncodedSplit randomRows(int batch, int length) {
        Random random = new Random(0);
        int[][] ids = new int[batch][length];
        int[][] types = new int[batch][length];
        int[] labels = new int[batch];
        for (int r = 0; r < batch; r++) {
            ids[r][0] = 101;
            for (int t = 1; t < length - 1; t++) {
                ids[r][t] = 1000 + random.nextInt(20000);
            }
            ids[r][length - 1] = 102;
            labels[r] = r % 2;
        }
        return new EncodedSplit("benchmark", ids, types, labels);
    }
}
