package dev.stellar.finetune.pipeline;

import dev.stellar.finetune.config.FinetuneSettings;
import java.util.List;

/**
 * Steps to run in order with one set of settings; what a worker JVM receives as its job file.
 *
 * @param query what finetune:datasets searches for; {@code null} for the other goals
 */
public record Job(List<Step> steps, FinetuneSettings settings, String query) {

    public Job {
        steps = List.copyOf(steps);
    }

    public Job(List<Step> steps, FinetuneSettings settings) {
        this(steps, settings, null);
    }

    public String name() {
        return steps.size() == 1 ? steps.get(0).goal() : "train";
    }
}
