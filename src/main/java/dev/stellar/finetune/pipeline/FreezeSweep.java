package dev.stellar.finetune.pipeline;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.config.SelectBestBy;
import dev.stellar.finetune.io.AtomicFiles;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.log.Durations;
import dev.stellar.finetune.train.EpochRecord;
import dev.stellar.finetune.train.SweepReport;
import dev.stellar.finetune.train.TrainingReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The notebook's question, "how many layers should I freeze?", answered in one build: one model per freeze
 * count on the same data and seed, each in target/finetune/sweep/, compared at its best epoch by
 * selectBestBy; the best is copied to target/finetune/model, where evaluate and the attachment find it.
 */
final class FreezeSweep {

    private final FinetuneSettings settings;
    private final ModelTraining training;
    private final BuildLog log;

    FreezeSweep(FinetuneSettings settings, ModelTraining training, BuildLog log) {
        this.settings = settings;
        this.training = training;
        this.log = log;
    }

    TrainingReport run() {
        List<Integer> counts = settings.training().freezeLayerCounts();
        checkCounts(counts, training.layerCount());
        log.info("Freeze sweep: one model per freezeLayerCount "
                + counts.stream().map(String::valueOf).collect(Collectors.joining(", "))
                + " on the same data and seed; the best by selectBestBy "
                + settings.training().selectBestBy().id()
                + " is kept");
        List<SweepReport.Entry> entries = new ArrayList<>();
        List<TrainingReport> reports = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            int count = counts.get(i);
            log.info(
                    String.format(Locale.ROOT, "Freeze sweep %d/%d: freezeLayerCount %d", i + 1, counts.size(), count));
            String folder = folderName(count);
            TrainingReport report = training.trainInto(
                    settings.withTraining(settings.training().forFreezeCount(count)),
                    settings.layout().sweepDirectory().resolve(folder));
            reports.add(report);
            entries.add(new SweepReport.Entry(
                    count,
                    "sweep/" + folder,
                    report.fingerprint(),
                    report.trainableParameters(),
                    report.totalParameters(),
                    report.trainingSeconds(),
                    report.bestEpoch(),
                    report.epochs().get(report.bestEpoch() - 1),
                    report.epochs()));
        }
        int kept = best(entries, settings.training().selectBestBy());
        SweepReport sweep = new SweepReport(
                settings.training().selectBestBy().id(), entries.get(kept).freezeLayerCount(), entries);
        Path modelDirectory = settings.layout().modelDirectory();
        Path keptDirectory = settings.layout().root().resolve(entries.get(kept).directory());
        AtomicFiles.replaceDirectory(modelDirectory, target -> TrainedModels.copy(keptDirectory, target));
        Json.write(settings.layout().sweepFile(), sweep);
        summarize(sweep);
        log.info("Kept the model of freezeLayerCount " + sweep.keptFreezeLayerCount() + " as " + modelDirectory);
        return reports.get(kept);
    }

    /** A folder name per count; -1 (embeddings only) gets a name of its own, so no two counts share one. */
    static String folderName(int count) {
        return count == -1 ? "freeze-embeddings" : "freeze-" + count;
    }

    /**
     * The entry best by the criterion at each model's best epoch; on a tie, the one listed first; one whose figure
     * is undefined (NaN) only when none has it.
     */
    static int best(List<SweepReport.Entry> entries, SelectBestBy criterion) {
        int best = 0;
        for (int i = 1; i < entries.size(); i++) {
            double candidate = entries.get(i).best().value(criterion);
            double kept = entries.get(best).best().value(criterion);
            if ((Double.isNaN(kept) && !Double.isNaN(candidate)) || criterion.isBetter(candidate, kept)) {
                best = i;
            }
        }
        return best;
    }

    private static void checkCounts(List<Integer> counts, int layerCount) {
        for (int count : counts) {
            if (count > layerCount) {
                throw new ConfigurationException(
                        "freezeLayerCounts",
                        counts,
                        "the model has " + layerCount + " encoder layers, so " + count + " is out of range",
                        "list counts from -1 to " + layerCount);
            }
        }
    }

    private void summarize(SweepReport sweep) {
        log.info(String.format(
                Locale.ROOT,
                "%-8s %-6s %-9s %-9s %-9s %-12s %s",
                "freeze",
                "epoch",
                "val loss",
                "val acc",
                "val F1",
                "trainable",
                "training"));
        for (SweepReport.Entry e : sweep.models()) {
            EpochRecord best = e.best();
            log.info(String.format(
                    Locale.ROOT,
                    "%-8d %-6d %-9.4f %-9.4f %-9.4f %-12s %s%s",
                    e.freezeLayerCount(),
                    e.bestEpoch(),
                    best.validationLoss(),
                    best.validationAccuracy(),
                    best.validationF1(),
                    String.format(Locale.ROOT, "%,d", e.trainableParameters()),
                    Durations.clock(e.trainingSeconds()),
                    e.freezeLayerCount() == sweep.keptFreezeLayerCount() ? "  <- kept" : ""));
        }
    }
}
