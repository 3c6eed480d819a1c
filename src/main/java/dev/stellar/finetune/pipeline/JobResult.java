package dev.stellar.finetune.pipeline;

import dev.stellar.finetune.data.PreparedData;
import dev.stellar.finetune.eval.EvaluationReport;
import dev.stellar.finetune.predict.PredictionReport;
import dev.stellar.finetune.train.TrainingReport;
import java.nio.file.Path;

/**
 * What the steps of a job produced; a field is null when its step was not part of the job.
 *
 * @param report the HTML report, written after any step that changes what it shows
 */
public record JobResult(
        PreparedData data,
        TrainingReport training,
        EvaluationReport evaluation,
        DatasetCatalog catalog,
        ModelCatalog models,
        dev.stellar.finetune.bench.BenchmarkReport benchmark,
        PredictionReport predictions,
        Path report) {}
