package dev.stellar.finetune.report;

import dev.stellar.finetune.log.Durations;
import dev.stellar.finetune.train.EpochRecord;
import dev.stellar.finetune.train.SweepReport;
import java.util.function.ToDoubleFunction;

/**
 * The freeze sweep: the original notebook's closing plot (validation accuracy and F1 per epoch, one line per
 * freeze count) and a table of each model's figures at its best epoch.
 */
final class SweepSection {

    /** Colours told apart by most readers, colour-blind ones included (Tableau 10). */
    private static final String[] PALETTE = {
        "#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#eeca3b", "#9d755d", "#ff9da6", "#bab0ac"
    };

    private SweepSection() {}

    static String html(SweepReport sweep) {
        return "<div class=\"charts\">"
                + chart("Validation accuracy per freeze count", "accuracy", sweep, EpochRecord::validationAccuracy)
                + chart("Validation F1 per freeze count", "F1", sweep, EpochRecord::validationF1)
                + "</div>" + table(sweep);
    }

    private static String chart(String title, String yLabel, SweepReport sweep, ToDoubleFunction<EpochRecord> figure) {
        LineChart chart = new LineChart(title, yLabel);
        for (int i = 0; i < sweep.models().size(); i++) {
            SweepReport.Entry e = sweep.models().get(i);
            chart.add(new LineChart.Series(
                    name(e.freezeLayerCount()),
                    PALETTE[i % PALETTE.length],
                    e.epochs().stream().mapToDouble(figure).toArray(),
                    e.freezeLayerCount() == sweep.keptFreezeLayerCount()));
        }
        return chart.svg();
    }

    private static String table(SweepReport sweep) {
        Table table = new Table(
                "sweep",
                "freezeLayerCount",
                "Trainable parameters",
                "Best epoch",
                "Validation loss",
                "Validation accuracy",
                "Validation F1",
                "Training time",
                "");
        for (SweepReport.Entry e : sweep.models()) {
            boolean kept = e.freezeLayerCount() == sweep.keptFreezeLayerCount();
            table.classedRow(
                    kept ? "kept" : null,
                    String.valueOf(e.freezeLayerCount()),
                    Html.count(e.trainableParameters()) + " ("
                            + Html.percent(e.trainableParameters() / (double) Math.max(1, e.totalParameters())) + ")",
                    String.valueOf(e.bestEpoch()),
                    Html.figure(e.best().validationLoss()),
                    Html.figure(e.best().validationAccuracy()),
                    Html.figure(e.best().validationF1()),
                    Durations.clock(e.trainingSeconds()),
                    kept ? "kept" : "");
        }
        return table.html() + "<p class=\"note\">freezeLayerCount -1 freezes the embeddings, N the embeddings and"
                + " the first N encoder layers. Each model is compared at its own best epoch by selectBestBy "
                + Html.escape(sweep.selectBestBy()) + "; the kept model is the one evaluated and attached.</p>";
    }

    static String name(int count) {
        return "freeze " + count;
    }
}
