package dev.stellar.finetune.pipeline;

import dev.stellar.finetune.data.PreparedData;
import dev.stellar.finetune.eval.EvaluationReport;
import dev.stellar.finetune.predict.PredictionReport;
import dev.stellar.finetune.train.TrainingReport;

/** What the steps of a job produced; a field is null when its step was not part of the job. */
public record JobResult(PreparedData data, TrainingReport training, EvaluationReport evaluation,
        DatasetCatalog catalog, dev.stellar.finetune.bench.BenchmarkReport benchmark, PredictionReport predictions) {
}
