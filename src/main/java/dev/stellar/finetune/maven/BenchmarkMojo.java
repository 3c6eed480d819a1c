package dev.stellar.finetune.maven;

import dev.stellar.finetune.config.BenchmarkSettings;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.config.ParameterValues;
import dev.stellar.finetune.pipeline.Job;
import dev.stellar.finetune.pipeline.JobResult;
import dev.stellar.finetune.pipeline.Step;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Measures training and inference throughput of {@code model} at a fixed shape on random tokens, with
 * the same code that trains: samples/s, tokens/s, model GFLOP/s and that figure as a share of the
 * matrix-product ceiling measured in the same process, and peak resident memory. Writes
 * {@code benchmark.json} to the output directory. Not bound to a phase: run it by hand.
 */
@Mojo(name = "benchmark", requiresProject = false, threadSafe = true)
public class BenchmarkMojo extends AbstractModelMojo {

    /** Rows per measured step. */
    @Parameter(property = "finetune.benchmarkBatchSize", defaultValue = "32")
    protected String benchmarkBatchSize;

    /** Tokens per row (all real tokens, no padding). */
    @Parameter(property = "finetune.benchmarkSequenceLength", defaultValue = "64")
    protected String benchmarkSequenceLength;

    /** Timed steps after two warm-up steps; the median is reported. */
    @Parameter(property = "finetune.benchmarkSteps", defaultValue = "8")
    protected String benchmarkSteps;

    @Override
    protected List<Step> steps() {
        return List.of(Step.BENCHMARK);
    }

    @Override
    protected Job job(FinetuneSettings settings) {
        return new Job(
                steps(),
                settings,
                new BenchmarkSettings(
                        ParameterValues.wholeNumber("benchmarkBatchSize", benchmarkBatchSize, "32"),
                        ParameterValues.wholeNumber("benchmarkSequenceLength", benchmarkSequenceLength, "64"),
                        ParameterValues.wholeNumber("benchmarkSteps", benchmarkSteps, "8")));
    }

    @Override
    protected void conclude(JobResult result, FinetuneSettings settings) {
        // The figures are the outcome; they are in the log and in benchmark.json.
    }
}
