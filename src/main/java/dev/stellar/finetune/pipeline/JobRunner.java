package dev.stellar.finetune.pipeline;

import dev.stellar.finetune.bench.BenchmarkReport;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.data.DatasetSource;
import dev.stellar.finetune.data.PreparedData;
import dev.stellar.finetune.data.TableReader;
import dev.stellar.finetune.engine.ComputeDevice;
import dev.stellar.finetune.engine.EngineSetup;
import dev.stellar.finetune.eval.EvaluationReport;
import dev.stellar.finetune.hub.HubClient;
import dev.stellar.finetune.hub.HubDatasetSource;
import dev.stellar.finetune.hub.HubEnvironment;
import dev.stellar.finetune.hub.HubModelSource;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.model.ArchiveModelSource;
import dev.stellar.finetune.model.LocalDirectorySource;
import dev.stellar.finetune.model.ModelSources;
import dev.stellar.finetune.predict.PredictionReport;
import dev.stellar.finetune.report.ReportWriter;
import dev.stellar.finetune.train.TrainingReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs a job's steps in order in this JVM: the worker's main loop, and the in-process mode's. */
public final class JobRunner {

    private JobRunner() {}

    /**
     * @param environment the environment variables the job sees (HF_* for the Hub); the worker passes its own,
     *     the in-process mode Maven's plus what the build adds
     */
    public static JobResult run(Job job, BuildLog log, Map<String, String> environment) {
        FinetuneSettings settings = job.settings();
        Sources sources = Sources.of(settings, environment, log);
        PreparedData data = null;
        TrainingReport training = null;
        EvaluationReport evaluation = null;
        DatasetCatalog catalog = null;
        ModelCatalog models = null;
        BenchmarkReport benchmark = null;
        PredictionReport predictions = null;
        if (job.steps().contains(Step.PREPARE_DATA)) {
            TableReader.prepareInBackground(); // beside the engine's start, which takes as long
        }
        if (job.needsEngine()) {
            ComputeDevice device = EngineSetup.start(settings.threads(), settings.seed(), settings.engine());
            if (device.isGpu()) {
                log.info("Computing on " + device.description());
            } else {
                log.debug("Computing on the CPU (device " + settings.engine().device() + ")");
            }
        }
        for (Step step : job.steps()) {
            switch (step) {
                case PREPARE_DATA ->
                    data = new PrepareDataStep(settings, sources.models(), sources.datasets(), log).run();
                case FREEZE_AND_TRAIN -> training = new FreezeAndTrainStep(settings, sources.models(), log).run();
                case EVALUATE -> evaluation = new EvaluateStep(settings, log).run();
                case LIST_DATASETS ->
                    catalog = new DatasetsStep(settings, job.query(), sources.hub(), sources.datasets(), log).run();
                case LIST_MODELS -> models = new ModelsStep(job.query(), sources.hub(), log).run();
                case BENCHMARK -> benchmark = new BenchmarkStep(settings, job.benchmark(), sources.models(), log).run();
                case PREDICT -> predictions = new PredictStep(settings, job.predict(), log).run();
                default -> throw new IllegalStateException(step.name());
            }
        }
        Path report = job.steps().stream().anyMatch(Step::feedsReport) ? ReportWriter.write(settings.layout()) : null;
        return new JobResult(data, training, evaluation, catalog, models, benchmark, predictions, report);
    }

    /** Where models and data sets come from: disk, archives, then the Hugging Face Hub. */
    private record Sources(ModelSources models, List<DatasetSource> datasets, HubClient hub) {

        static Sources of(FinetuneSettings settings, Map<String, String> environment, BuildLog log) {
            HubClient hub =
                    new HubClient(HubEnvironment.from(environment, Path.of(System.getProperty("user.home"))), log);
            Path base = settings.baseDirectory();
            ModelSources models = new ModelSources(List.of(
                    new LocalDirectorySource(base),
                    new ArchiveModelSource(base, settings.modelCacheDirectory()),
                    new HubModelSource(hub, settings.hub().modelRevision())));
            List<DatasetSource> datasets = List.of(new HubDatasetSource(
                    hub, settings.hub().datasetConfig(), settings.hub().datasetRevision()));
            return new Sources(models, datasets, hub);
        }
    }
}
