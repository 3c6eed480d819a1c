package dev.stellar.finetune.report;

import dev.stellar.finetune.config.WorkLayout;
import dev.stellar.finetune.data.PreparedData;
import dev.stellar.finetune.eval.EvaluationReport;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.model.ModelWriter;
import dev.stellar.finetune.train.SweepReport;
import dev.stellar.finetune.train.TrainingReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the goals left in target/finetune, each piece optional: the report (and the model card) shows what has
 * run so far. A piece that belongs to an earlier model (an evaluation or a sweep of a model since retrained)
 * is left out with a note rather than shown beside figures it does not match.
 *
 * @param notes what the report could not show, and why
 */
public record ReportInputs(
        Optional<PreparedData> data,
        Optional<TrainingReport> training,
        Optional<EvaluationReport> evaluation,
        Optional<SweepReport> sweep,
        List<String> notes) {

    public static ReportInputs read(WorkLayout layout) {
        List<String> notes = new ArrayList<>();
        Optional<PreparedData> data = optional(
                PreparedData.file(layout.dataDirectory()), f -> Json.<PreparedData>read(f, PreparedData.class), notes);
        Optional<TrainingReport> training = optional(
                layout.modelDirectory().resolve(ModelWriter.TRAINING_REPORT),
                f -> Json.<TrainingReport>read(f, TrainingReport.class),
                notes);
        String fingerprint = training.map(TrainingReport::fingerprint).orElse(null);
        Optional<EvaluationReport> evaluation = optional(layout.evaluationFile(), EvaluationReport::read, notes)
                .filter(e -> {
                    boolean current =
                            e.modelFingerprint() == null || e.modelFingerprint().equals(fingerprint);
                    if (!current) {
                        notes.add("evaluation.json scored an earlier model: run mvn finetune:evaluate to score this"
                                + " one.");
                    }
                    return current;
                });
        Optional<SweepReport> sweep = optional(
                        layout.sweepFile(), f -> Json.<SweepReport>read(f, SweepReport.class), notes)
                .filter(s -> s.kept().fingerprint().equals(fingerprint));
        return new ReportInputs(data, training, evaluation, sweep, List.copyOf(notes));
    }

    private static <T> Optional<T> optional(Path file, Function<Path, T> reader, List<String> notes) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(reader.apply(file));
        } catch (RuntimeException e) { // FinetuneException for a malformed file, others for a changed shape
            notes.add(file.getFileName() + " could not be read (" + e.getMessage() + "); it was written by another"
                    + " version of the plugin. Run the goal that writes it again.");
            return Optional.empty();
        }
    }
}
