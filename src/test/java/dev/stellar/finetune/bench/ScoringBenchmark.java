package dev.stellar.finetune.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.pytorch.jni.JniUtils;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.log.RecordingLog;
import dev.stellar.finetune.model.ClassifierModel;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelSources;
import dev.stellar.finetune.model.arch.KernelKind;
import dev.stellar.finetune.testing.TestModels;
import dev.stellar.finetune.train.Scorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the time per scoring batch of a real checkpoint at a fixed shape, round after round in one process, with
 * the process's minor page faults: a loop to hold still under {@code perf record -e cpu-clock -p PID} (the PID is
 * printed) or libtorch's profiler ({@code -Dbench.profile=trace.json}: a Chrome trace of one more round). A
 * figure to read, not a pass mark; not part of the normal build (skipped where the checkpoint is absent):
 * {@code ./mvnw -q test -Dtest=ScoringBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbench.model=../shared/models/all-MiniLM-L6-v2 -Dbench.precision=FP32 -Dbench.rounds=6}
 * (also {@code bench.batch}, {@code bench.length}; precision FP32, BF16 or FP16).
 */
@Tag("benchmark")
class ScoringBenchmark {

    private static final int BATCHES_PER_ROUND = 8;

    @Test
    void scoringRounds() throws IOException {
        Path checkpoint = Path.of(System.getProperty("bench.model", "../shared/models/all-MiniLM-L6-v2"));
        assumeTrue(Files.isDirectory(checkpoint), "no checkpoint at " + checkpoint.toAbsolutePath());
        KernelKind kind = KernelKind.valueOf(System.getProperty("bench.precision", "FP32"));
        int batch = Integer.getInteger("bench.batch", 32);
        int length = Integer.getInteger("bench.length", 64);
        TestModels.startEngine();
        ModelDirectory directory = ModelSources.standard(checkpoint).resolve(".", new RecordingLog());
        ClassifierModel model = ClassifierModel.fromPretrained(
                directory,
                new HeadSettings(List.of(256), 0.1, Pooling.CLS),
                List.of("0", "1"),
                42,
                kind,
                new RecordingLog());
        EncodedSplit rows = ShapeBenchmark.randomRows(batch, length);
        Scorer scorer = new Scorer(model, batch);
        System.out.printf(
                Locale.ROOT,
                "pid %d, %s, %s %d x %d%n",
                ProcessHandle.current().pid(),
                checkpoint,
                kind,
                batch,
                length);
        round(scorer, rows); // warm-up: scripted modules compile, buffers are first allocated
        for (int r = 0; r < Integer.getInteger("bench.rounds", 6); r++) {
            long faults = minorFaults();
            double seconds = round(scorer, rows);
            System.out.printf(
                    Locale.ROOT,
                    "round %d: %.1f ms/batch, %d minor page faults/batch%n",
                    r + 1,
                    1e3 * seconds / BATCHES_PER_ROUND,
                    (minorFaults() - faults) / BATCHES_PER_ROUND);
        }
        String trace = System.getProperty("bench.profile");
        if (trace != null) {
            JniUtils.startProfile(false, true, false);
            round(scorer, rows);
            JniUtils.stopProfile(trace);
            System.out.println("libtorch profile: " + trace);
        }
    }

    private static double round(Scorer scorer, EncodedSplit rows) {
        long start = System.nanoTime();
        for (int i = 0; i < BATCHES_PER_ROUND; i++) {
            scorer.score(rows, null, "benchmark");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Field 10 of /proc/self/stat (Linux); 0 elsewhere. */
    private static long minorFaults() throws IOException {
        Path stat = Path.of("/proc/self/stat");
        if (!Files.exists(stat)) {
            return 0;
        }
        String text = Files.readString(stat);
        return Long.parseLong(text.substring(text.lastIndexOf(')') + 2).split(" ")[7]);
    }
}
