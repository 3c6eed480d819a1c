package dev.stellar.finetune.report;

import dev.stellar.finetune.config.ProblemType;
import dev.stellar.finetune.eval.ClassMetrics;
import dev.stellar.finetune.eval.ClassificationMetrics;
import dev.stellar.finetune.eval.EvaluationReport;
import dev.stellar.finetune.eval.GateVerdict;
import dev.stellar.finetune.eval.Mistake;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report's sections about evaluation: figures per split, the gate, confusion matrices, worst mistakes. */
final class EvaluationSections {

    private static final int TEXT_SHOWN = 300;

    private EvaluationSections() {}

    static String evaluation(EvaluationReport report) {
        ProblemType type = report.splits().values().stream()
                .map(ClassificationMetrics::problemType)
                .findFirst()
                .orElse(ProblemType.SINGLE_LABEL);
        if (type != ProblemType.SINGLE_LABEL) {
            return otherProblem(report, type);
        }
        StringBuilder html = new StringBuilder();
        Table figures =
                new Table("figures", "Split", "Rows", "Accuracy", "Precision", "Recall", "F1", "Averaging", "Loss");
        report.splits()
                .forEach((role, m) -> figures.row(
                        role,
                        Html.count(m.count()),
                        Html.figure(m.accuracy()),
                        Html.figure(m.precision()),
                        Html.figure(m.recall()),
                        Html.figure(m.f1()),
                        m.averaging(),
                        Html.figure(m.loss())));
        html.append(figures.html());
        Table ranking = new Table(
                "probability-figures", "Split", "MCC", "ROC AUC", "PR AUC", "Log loss", "Calibration error (ECE)");
        report.splits()
                .forEach((role, m) -> ranking.row(
                        role,
                        Html.figure(m.mcc()),
                        Html.figure(m.rocAuc()),
                        Html.figure(m.prAuc()),
                        Html.figure(m.logLoss()),
                        Html.figure(
                                m.calibration() == null
                                        ? Double.NaN
                                        : m.calibration().expectedError())));
        html.append(ranking.html());
        html.append(scoredWithExportsNotesAndGate(report));
        for (Map.Entry<String, ClassificationMetrics> e : report.splits().entrySet()) {
            html.append("<h3>")
                    .append(Html.escape(capitalised(e.getKey())))
                    .append("</h3><div class=\"pair\">")
                    .append("<div><h4>Confusion matrix (rows: true label, columns: predicted)</h4>")
                    .append(confusion(e.getValue()))
                    .append("</div><div><h4>Per class</h4>")
                    .append(perClass(e.getValue().perClass()))
                    .append("</div></div>");
            if (e.getValue().calibration() != null) {
                html.append(ReliabilityChart.svg(
                        capitalised(e.getKey()) + ": share right by confidence",
                        e.getValue().calibration()));
            }
        }
        return html.toString();
    }

    private static String scoredWithExportsNotesAndGate(EvaluationReport report) {
        StringBuilder html = new StringBuilder();
        if (report.scoredWith() != null) {
            html.append("<p>Scored with ")
                    .append(Html.escape(report.scoredWith()))
                    .append(".</p>");
        }
        html.append(exports(report));
        report.notes()
                .values()
                .forEach(note -> html.append("<p class=\"note\">")
                        .append(Html.escape(note))
                        .append(".</p>"));
        html.append(gate(report.gate()));
        return html.toString();
    }

    /** Multi-label: subset accuracy, micro and macro figures, per label; regression: errors and correlations. */
    private static String otherProblem(EvaluationReport report, ProblemType type) {
        StringBuilder html = new StringBuilder();
        if (type == ProblemType.MULTI_LABEL) {
            Table figures = new Table(
                    "figures",
                    "Split",
                    "Rows",
                    "Subset accuracy",
                    "Micro precision",
                    "Micro recall",
                    "Micro F1",
                    "Macro F1",
                    "Hamming loss",
                    "ROC AUC",
                    "PR AUC",
                    "Loss");
            report.splits()
                    .forEach((role, m) -> figures.row(
                            role,
                            Html.count(m.count()),
                            Html.figure(m.accuracy()),
                            Html.figure(m.precision()),
                            Html.figure(m.recall()),
                            Html.figure(m.f1()),
                            Html.figure(m.multiLabel().macroF1()),
                            Html.figure(m.multiLabel().hammingLoss()),
                            Html.figure(m.rocAuc()),
                            Html.figure(m.prAuc()),
                            Html.figure(m.loss())));
            html.append(figures.html());
            html.append("<p>A label is predicted from probability ")
                    .append(Html.escape(String.valueOf(report.splits()
                            .values()
                            .iterator()
                            .next()
                            .multiLabel()
                            .threshold())))
                    .append(" on (the threshold).</p>");
        } else {
            Table figures = new Table("figures", "Split", "Rows", "MSE", "RMSE", "MAE", "R²", "Pearson", "Spearman");
            report.splits()
                    .forEach((role, m) -> figures.row(
                            role,
                            Html.count(m.count()),
                            Html.figure(m.regression().mse()),
                            Html.figure(m.regression().rmse()),
                            Html.figure(m.regression().mae()),
                            Html.figure(m.regression().r2()),
                            Html.figure(m.regression().pearson()),
                            Html.figure(m.regression().spearman())));
            html.append(figures.html());
        }
        html.append(scoredWithExportsNotesAndGate(report));
        if (type == ProblemType.MULTI_LABEL) {
            for (Map.Entry<String, ClassificationMetrics> e : report.splits().entrySet()) {
                html.append("<h3>")
                        .append(Html.escape(capitalised(e.getKey())))
                        .append("</h3><h4>Per label</h4>")
                        .append(perClass(e.getValue().perClass()));
            }
        }
        return html.toString();
    }

    /** Each further export's figures on the same splits, with the difference to the model's own. */
    private static String exports(EvaluationReport report) {
        if (report.exports().isEmpty()) {
            return "";
        }
        Table table = new Table("exports", "Export", "Split", "Accuracy", "Difference", "F1", "Difference", "Loss");
        report.exports()
                .forEach((format, splits) -> splits.forEach((role, m) -> {
                    ClassificationMetrics own = report.splits().get(role);
                    table.row(
                            format,
                            role,
                            Html.figure(m.accuracy()),
                            difference(m.accuracy(), own == null ? null : own.accuracy()),
                            Html.figure(m.f1()),
                            difference(m.f1(), own == null ? null : own.f1()),
                            Html.figure(m.loss()));
                }));
        // For regression accuracy and F1 are empty: the loss (MSE) compares the export with the model.
        return "<h3>Exports</h3>" + table.html();
    }

    private static String difference(double value, Double reference) {
        return reference == null ? "" : String.format(Locale.ROOT, "%+.3f", value - reference);
    }

    private static String gate(GateVerdict gate) {
        if (!gate.hasLimits()) {
            return "<p>No quality gate is set (minAccuracy, minF1, gates).</p>";
        }
        String bar = gate.describeLimits();
        String verdict = gate.passed() ? "passed" : "failed: " + String.join("; ", gate.failures());
        return "<p class=\"gate " + (gate.passed() ? "passed" : "failed") + "\">"
                + Html.escape("Quality gate on the " + gate.split() + " split (" + bar + ") " + verdict) + "</p>";
    }

    /** Counts shaded by their share of the true label's rows: green on the diagonal, red off it. */
    static String confusion(ClassificationMetrics metrics) {
        List<ClassMetrics> classes = metrics.perClass();
        String[] header = new String[classes.size() + 1];
        header[0] = "true \\ predicted";
        for (int c = 0; c < classes.size(); c++) {
            header[c + 1] = classes.get(c).label();
        }
        Table table = new Table("confusion", header);
        int[][] confusion = metrics.confusion();
        for (int t = 0; t < confusion.length; t++) {
            int rowTotal = 0;
            for (int count : confusion[t]) {
                rowTotal += count;
            }
            Object[] cells = new Object[confusion.length + 1];
            cells[0] = classes.get(t).label();
            for (int p = 0; p < confusion.length; p++) {
                double share = rowTotal == 0 ? 0 : confusion[t][p] / (double) rowTotal;
                String rgb = t == p ? "44,160,44" : "214,39,40";
                String style = String.format(
                        Locale.ROOT,
                        "background-color: rgba(%s,%.2f)%s",
                        rgb,
                        share * 0.85,
                        share > 0.6 ? "; color: #fff" : "");
                cells[p + 1] = new Table.Cell(Html.count(confusion[t][p]), style);
            }
            table.row(cells);
        }
        return table.html();
    }

    private static String perClass(List<ClassMetrics> classes) {
        Table table = new Table("per-class", "Label", "Precision", "Recall", "F1", "Rows");
        for (ClassMetrics c : classes) {
            table.row(
                    c.label(),
                    Html.figure(c.precision()),
                    Html.figure(c.recall()),
                    Html.figure(c.f1()),
                    Html.count(c.support()));
        }
        return table.html();
    }

    static String mistakes(List<Mistake> mistakes) {
        if (mistakes.isEmpty()) {
            return "<p>The model got every validation row right, or the data was prepared without its texts.</p>";
        }
        boolean pairs = mistakes.stream().anyMatch(m -> m.pair() != null);
        Table table = pairs
                ? new Table("mistakes", "Row", "Text", "Second text", "True label", "Predicted", "Probability")
                : new Table("mistakes", "Row", "Text", "True label", "Predicted", "Probability");
        for (Mistake m : mistakes) {
            String probability = Html.figure(m.probability());
            if (pairs) {
                table.row(
                        String.valueOf(m.row() + 1),
                        shortened(m.text()),
                        shortened(m.pair()),
                        m.trueLabel(),
                        m.predictedLabel(),
                        probability);
            } else {
                table.row(
                        String.valueOf(m.row() + 1),
                        shortened(m.text()),
                        m.trueLabel(),
                        m.predictedLabel(),
                        probability);
            }
        }
        return table.html() + "<p class=\"note\">Validation rows the model got wrong, most confident first; row"
                + " numbers count from 1 in the validation split.</p>";
    }

    private static String shortened(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= TEXT_SHOWN ? text : text.substring(0, TEXT_SHOWN) + "...";
    }

    static String capitalised(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
