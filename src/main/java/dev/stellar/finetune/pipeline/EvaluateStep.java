package dev.stellar.finetune.pipeline;

import dev.stellar.finetune.card.ModelCard;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.config.GateSettings;
import dev.stellar.finetune.data.EncodedSplit;
import dev.stellar.finetune.data.HiddenLabels;
import dev.stellar.finetune.data.PreparedData;
import dev.stellar.finetune.data.SplitTexts;
import dev.stellar.finetune.eval.ClassificationMetrics;
import dev.stellar.finetune.eval.ConfidentMistakes;
import dev.stellar.finetune.eval.EvaluationReport;
import dev.stellar.finetune.eval.GateVerdict;
import dev.stellar.finetune.eval.Mistake;
import dev.stellar.finetune.eval.QualityGate;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.model.HeadLayout;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelTask;
import dev.stellar.finetune.model.ModelWriter;
import dev.stellar.finetune.runtime.ClassifierScorers;
import dev.stellar.finetune.train.Scores;
import dev.stellar.finetune.train.SplitFigures;
import dev.stellar.finetune.train.TrainingReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The evaluate goal's work: score the trained model on the validation split and, when it has labels, the
 * test split; write evaluation.json with the quality gate's verdict and put both on the model card. Failing
 * the build is the caller's decision.
 */
public final class EvaluateStep {

    private static final List<String> ROLES = List.of("validation", "test");
    private static final int MISTAKES_SHOWN = 10;

    private final FinetuneSettings settings;
    private final BuildLog log;

    public EvaluateStep(FinetuneSettings settings, BuildLog log) {
        this.settings = settings;
        this.log = log;
    }

    public EvaluationReport run() {
        Path modelDirectory = settings.layout().modelDirectory();
        if (!Files.isRegularFile(modelDirectory.resolve(ModelDirectory.CONFIG))) {
            throw new FinetuneException("No trained model in " + modelDirectory
                    + ". Fix: run mvn finetune:freeze-and-train first (or mvn finetune:train, which runs all steps).");
        }
        PreparedInputs prepared = new PreparedInputs(settings.layout());
        Map<String, ClassificationMetrics> results = new LinkedHashMap<>();
        Map<String, Map<String, ClassificationMetrics>> exports = new LinkedHashMap<>();
        Map<String, String> notes = new LinkedHashMap<>();
        Set<String> unlabelled = new HashSet<>();
        List<Mistake> mistakes = List.of();
        List<String> labels = HeadLayout.readLabels(ModelDirectory.open(modelDirectory, "model"));
        List<String> dataLabels = prepared.labels().names();
        if (!dataLabels.equals(labels)) {
            throw new FinetuneException("The model in " + modelDirectory + " knows the labels " + labels
                    + " but the prepared data has " + dataLabels
                    + ". Fix: run mvn finetune:train to prepare, train and evaluate together.");
        }
        String scoredWith;
        try (ClassifierScorers scorers = ClassifierScorers.open(
                modelDirectory, "model", Math.max(64, settings.training().batchSize() * 2), settings.threads())) {
            scoredWith = scorers.primaryName();
            ModelTask task = scorers.task();
            if (task.problemType() != prepared.encoding().problem()) {
                throw new FinetuneException("The model in " + modelDirectory + " is a "
                        + task.problemType().id()
                        + " model but the prepared data is "
                        + prepared.encoding().problem().id()
                        + ". Fix: run mvn finetune:train to prepare, train and evaluate together.");
            }
            log.info("Scoring " + scoredWith);
            for (String role : ROLES) {
                Optional<EncodedSplit> split = prepared.optionalSplit(role);
                if (split.isEmpty()) {
                    notes.put(role, "the data has no " + role + " split");
                    continue;
                }
                if (!split.get().labeled()) {
                    unlabelled.add(role);
                    notes.put(role, "the " + role + " split has no labels");
                    log.info("Not scoring the " + role + " split: it has no labels");
                    continue;
                }
                long start = System.nanoTime();
                Scores scores = scorers.primary().score(split.get(), log, "evaluating " + role);
                double seconds = (System.nanoTime() - start) / 1e9;
                ClassificationMetrics metrics = SplitFigures.of(task, labels, split.get(), scores);
                results.put(role, metrics);
                if (role.equals(PreparedData.VALIDATION) && task.isSingleLabel()) {
                    mistakes = mistakes(split.get(), scores, labels);
                }
                log.info(describe(role, metrics) + rate(metrics.count(), seconds));
                scorers.exports().forEach((format, scorer) -> {
                    long exportStart = System.nanoTime();
                    Scores exported = scorer.score(split.get(), log, "evaluating " + role + " (" + format.id() + ")");
                    double exportSeconds = (System.nanoTime() - exportStart) / 1e9;
                    ClassificationMetrics figures = SplitFigures.of(task, labels, split.get(), exported);
                    exports.computeIfAbsent(format.id(), k -> new LinkedHashMap<>())
                            .put(role, figures);
                    log.info(compare(role, format.fileName(), figures, metrics) + rate(figures.count(), exportSeconds));
                });
            }
        }
        GateSettings gate = QualityGate.gatedSplit(settings.gate(), results.keySet(), unlabelled);
        if (!gate.gateSplit().equals(settings.gate().gateSplit())) {
            log.warn("Gating on the validation split instead of test: " + notes.get("test") + " (GLUE, for one,"
                    + " hides its test labels as " + HiddenLabels.VALUE + ")");
        }
        ClassificationMetrics gated = results.get(gate.gateSplit());
        if (gated == null && gate.hasThresholds()) {
            throw new ConfigurationException(
                    "gateSplit",
                    gate.gateSplit(),
                    notes.getOrDefault(gate.gateSplit(), "that split was not evaluated"),
                    "gate on validation, or provide a labelled test split");
        }
        GateVerdict verdict = gated == null
                ? new GateVerdict(gate.gateSplit(), null, null, true, List.of())
                : QualityGate.check(gate, gated);
        EvaluationReport report = new EvaluationReport(
                results, notes, verdict, mistakes, modelFingerprint(modelDirectory), scoredWith, exports);
        Json.write(settings.layout().evaluationFile(), report.toJson());
        log.info("Evaluation written to " + settings.layout().evaluationFile());
        ModelCard.write(settings.layout(), true, log);
        return report;
    }

    private List<Mistake> mistakes(EncodedSplit split, Scores scores, List<String> labels) {
        return SplitTexts.read(settings.layout().dataDirectory(), split.role())
                .filter(texts -> texts.size() == split.size())
                .map(texts -> ConfidentMistakes.of(
                        split.labels(), scores.predictions(), scores.probabilities(), labels, texts, MISTAKES_SHOWN))
                .orElse(List.of());
    }

    private static String modelFingerprint(Path modelDirectory) {
        Path report = modelDirectory.resolve(ModelWriter.TRAINING_REPORT);
        return Files.isRegularFile(report)
                ? Json.<TrainingReport>read(report, TrainingReport.class).fingerprint()
                : null;
    }

    /** e.g. "Test, model_int8.onnx: accuracy 0.912 (-0.003), F1 0.915 (+0.001), loss 0.2301". */
    private static String compare(String role, String file, ClassificationMetrics m, ClassificationMetrics reference) {
        return String.format(
                Locale.ROOT,
                "%s, %s: accuracy %.3f (%+.3f), F1 %.3f (%+.3f), loss %.4f",
                Character.toUpperCase(role.charAt(0)) + role.substring(1),
                file,
                m.accuracy(),
                m.accuracy() - reference.accuracy(),
                m.f1(),
                m.f1() - reference.f1(),
                m.loss());
    }

    /** ", 1.9 s (316 rows/s)": how long the scoring took. */
    private static String rate(int rows, double seconds) {
        return String.format(Locale.ROOT, ", %.1f s (%.0f rows/s)", seconds, rows / seconds);
    }

    private static String describe(String role, ClassificationMetrics m) {
        String split = Character.toUpperCase(role.charAt(0)) + role.substring(1);
        if (m.multiLabel() != null) {
            return String.format(
                    Locale.ROOT,
                    "%s: micro-F1 %.3f, macro-F1 %.3f, subset accuracy %.3f, Hamming loss %.4f, ROC AUC %.3f,"
                            + " loss %.4f (threshold %s), %d rows",
                    split,
                    m.multiLabel().microF1(),
                    m.multiLabel().macroF1(),
                    m.accuracy(),
                    m.multiLabel().hammingLoss(),
                    m.rocAuc(),
                    m.loss(),
                    m.multiLabel().threshold(),
                    m.count());
        }
        if (m.regression() != null) {
            return String.format(
                    Locale.ROOT,
                    "%s: MSE %.4f, MAE %.4f, R² %.3f, Pearson %.3f, Spearman %.3f, %d rows",
                    split,
                    m.regression().mse(),
                    m.regression().mae(),
                    m.regression().r2(),
                    m.regression().pearson(),
                    m.regression().spearman(),
                    m.count());
        }
        return String.format(
                Locale.ROOT,
                "%s: accuracy %.3f, precision %.3f, recall %.3f, F1 %.3f (%s), MCC %.3f, ROC AUC %.3f, loss %.4f,"
                        + " %d rows",
                Character.toUpperCase(role.charAt(0)) + role.substring(1),
                m.accuracy(),
                m.precision(),
                m.recall(),
                m.f1(),
                m.averaging(),
                m.mcc(),
                m.rocAuc(),
                m.loss(),
                m.count());
    }
}
