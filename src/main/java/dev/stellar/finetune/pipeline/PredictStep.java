package dev.stellar.finetune.pipeline;

import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.config.PredictSettings;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.predict.FineTunedModel;
import dev.stellar.finetune.predict.PredictionLines;
import dev.stellar.finetune.predict.PredictionReport;
import dev.stellar.finetune.predict.PredictionsCsv;
import dev.stellar.finetune.predict.PredictionsTarget;
import dev.stellar.finetune.predict.Predictor;
import java.nio.file.Path;

/**
 * The finetune:predict goal's work: classify a text from the command line or the rows of a table file with a
 * fine-tuned model, print the answers and optionally write them to a CSV.
 */
public final class PredictStep {

    private final FinetuneSettings settings;
    private final PredictSettings request;
    private final BuildLog log;

    public PredictStep(FinetuneSettings settings, PredictSettings request, BuildLog log) {
        this.settings = settings;
        this.request = request;
        this.log = log;
    }

    public PredictionReport run() {
        Path base = settings.baseDirectory();
        Path input =
                request.input() == null ? null : base.resolve(request.input()).normalize();
        Path file = request.predictionsFile() == null
                ? null
                : base.resolve(request.predictionsFile()).normalize();
        if (file != null) {
            // Before the model loads, so a refused file costs no time.
            PredictionsTarget.check(file, input, request.overwrite());
        }
        FineTunedModel source = FineTunedModel.locate(
                request.modelDir(), base, settings.layout().modelDirectory(), settings.modelCacheDirectory(), log);
        PredictionReport report;
        try (Predictor predictor = Predictor.open(source, settings.data().maxLength())) {
            log.info("Model " + source.location() + ": labels " + String.join(", ", predictor.labels()) + ", maxLength "
                    + predictor.maxLength());
            report = request.text() != null
                    ? predictor.predictText(request.text(), request.textPair(), log)
                    : predictor.predictFile(input, settings.data().textColumns(), log);
        }
        if (file != null) {
            PredictionsTarget.check(file, input, request.overwrite()); // again: it may have appeared meanwhile
            report = report.writtenTo(file.toString());
            PredictionsCsv.write(file, report, request.escapeFormulas());
        }
        PredictionLines.of(report, request.input() != null).forEach(log::info);
        if (report.predictionsFile() != null) {
            log.info("Predictions written to " + report.predictionsFile());
        }
        return report;
    }
}
