package dev.stellar.finetune.pipeline;

import dev.stellar.finetune.config.BenchmarkSettings;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.config.PredictSettings;
import java.util.List;

/**
 * Steps to run in order with one set of settings; what a worker JVM receives as its job file.
 *
 * @param query what finetune:datasets or finetune:models searches for; {@code null} for the other goals
 * @param benchmark the shape finetune:benchmark measures; {@code null} for the other goals
 * @param predict what finetune:predict classifies, with which model; {@code null} for the other goals
 */
public record Job(
        List<Step> steps,
        FinetuneSettings settings,
        String query,
        BenchmarkSettings benchmark,
        PredictSettings predict) {

    public Job {
        steps = List.copyOf(steps);
    }

    public Job(List<Step> steps, FinetuneSettings settings) {
        this(steps, settings, null, null, null);
    }

    public Job(List<Step> steps, FinetuneSettings settings, String query) {
        this(steps, settings, query, null, null);
    }

    public Job(List<Step> steps, FinetuneSettings settings, BenchmarkSettings benchmark) {
        this(steps, settings, null, benchmark, null);
    }

    public Job(List<Step> steps, FinetuneSettings settings, PredictSettings predict) {
        this(steps, settings, null, null, predict);
    }

    /** Whether a step runs the engine, so the job needs libtorch (the data and model listings do not). */
    public boolean needsEngine() {
        return steps.stream().anyMatch(Step::needsEngine);
    }

    /**
     * Whether the job needs libtorch's CPU build from Maven (the platform's native jar): it starts the engine, and
     * not on a libtorch of the user's own ({@code libtorch}, or a CUDA build DJL downloads).
     */
    public boolean needsBundledLibtorch() {
        return needsEngine() && settings.engine().usesBundledLibtorch();
    }

    public String name() {
        return steps.size() == 1 ? steps.get(0).goal() : "train";
    }
}
