package dev.stellar.finetune.pipeline;

import dev.stellar.finetune.data.PreparedData;
import dev.stellar.finetune.engine.EngineSetup;
import dev.stellar.finetune.eval.EvaluationReport;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.model.ModelSources;
import dev.stellar.finetune.train.TrainingReport;

/** Runs a job's steps in order in this JVM: the worker's main loop, and the in-process mode's. */
public final class JobRunner {

    private JobRunner() {
    }

    public static JobResult run(Job job, BuildLog log) {
        var settings = job.settings();
        EngineSetup.start(settings.threads(), settings.seed());
        ModelSources sources = ModelSources.standard(settings.baseDirectory(),
                settings.modelCacheDirectory());
        PreparedData data = null;
        TrainingReport training = null;
        EvaluationReport evaluation = null;
        for (Step step : job.steps()) {
            switch (step) {
                case PREPARE_DATA -> data = new PrepareDataStep(settings, sources, log).run();
                case FREEZE_AND_TRAIN -> training = new FreezeAndTrainStep(settings, sources, log).run();
                case EVALUATE -> evaluation = new EvaluateStep(settings, log).run();
                default -> throw new IllegalStateException(step.name());
            }
        }
        return new JobResult(data, training, evaluation);
    }
}
