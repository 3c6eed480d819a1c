package dev.stellar.finetune.report;

import dev.stellar.finetune.log.Durations;
import dev.stellar.finetune.train.EpochRecord;
import dev.stellar.finetune.train.TrainingReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report page: one self-contained HTML file (inline CSS and SVG, no script, no fetch) that opens from
 * disk, in a CI artifact viewer or an e-mail. Its content security policy forbids every request, so nothing in
 * it, texts from the data included, can reach the network. Written as well-formed XML so tests can parse it.
 */
final class HtmlReport {

    private static final String STYLE = """
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1d1f;
              margin: 0 auto; max-width: 1120px; padding: 24px 28px 64px; }
            h1 { font-size: 24px; margin: 0 0 4px; }
            h2 { font-size: 19px; margin: 36px 0 10px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
            h3 { font-size: 16px; margin: 22px 0 6px; }
            h4 { font-size: 13px; margin: 8px 0 6px; color: #555; font-weight: 600; }
            .subtitle { color: #555; margin: 0 0 16px; }
            nav a { margin-right: 14px; color: #3b6ea5; text-decoration: none; }
            .cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 18px 0; }
            .card { border: 1px solid #ddd; border-radius: 8px; padding: 10px 14px; min-width: 130px; }
            .card .value { font-size: 22px; font-weight: 600; }
            .card .label { color: #666; font-size: 12px; }
            table { border-collapse: collapse; margin: 6px 0 10px; font-size: 13px; }
            th, td { border: 1px solid #e1e1e1; padding: 4px 9px; text-align: left; vertical-align: top; }
            thead th { background: #f4f5f7; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            tr.frozen th, tr.frozen td { color: #777; }
            tr.total th, tr.total td, tr.kept th, tr.kept td, tr.best th, tr.best td { font-weight: 600; }
            tr.kept th, tr.kept td { background: #eef6ee; }
            table.confusion td { min-width: 56px; text-align: center; }
            table.mistakes td:nth-child(2) { max-width: 560px; }
            .charts { display: flex; flex-wrap: wrap; gap: 8px 20px; }
            svg.chart { width: 520px; max-width: 100%; height: auto; }
            svg text { font-family: system-ui, sans-serif; fill: #333; }
            svg .chart-title { font-size: 14px; font-weight: 600; }
            svg .tick, svg .legend { font-size: 11px; }
            svg .axis-label, svg .mark-label { font-size: 11px; fill: #555; }
            .pair { display: flex; flex-wrap: wrap; gap: 28px; }
            .note { color: #666; font-size: 12px; }
            .gate.passed { color: #1e7b34; font-weight: 600; }
            .gate.failed { color: #b3261e; font-weight: 600; }
            .missing { color: #777; font-style: italic; }
            """;

    private HtmlReport() {}

    static String render(ReportInputs in) {
        List<String[]> sections = new ArrayList<>();
        TrainingReport training = in.training().orElse(null);
        String notTrained =
                missing("No model trained yet: run mvn finetune:freeze-and-train" + " (or mvn finetune:train).");
        // Results first (people would rather look than read), then what produced them.
        sections.add(new String[] {
            "curves", "Learning curves", training == null ? notTrained : TrainingSections.curves(training)
        });
        in.sweep().ifPresent(sweep -> sections.add(new String[] {"sweep", "Freeze sweep", SweepSection.html(sweep)}));
        sections.add(new String[] {
            "evaluation",
            "Evaluation",
            in.evaluation()
                    .map(EvaluationSections::evaluation)
                    .orElse(missing("Not evaluated yet: run mvn finetune:evaluate."))
        });
        sections.add(new String[] {
            "mistakes",
            "Most confidently wrong validation examples",
            in.evaluation()
                    .map(e -> EvaluationSections.mistakes(e.mistakes()))
                    .orElse(missing("Not evaluated yet: run mvn finetune:evaluate."))
        });
        sections.add(new String[] {
            "data",
            "Data",
            in.data().map(DataSection::html).orElse(missing("No prepared data: run mvn finetune:prepare-data."))
        });
        sections.add(new String[] {
            "configuration",
            "Configuration",
            training == null ? notTrained : TrainingSections.configuration(training, in.data())
        });
        sections.add(new String[] {
            "model", "Model summary", training == null ? notTrained : TrainingSections.modelSummary(training)
        });
        sections.add(
                new String[] {"timings", "Timings", training == null ? notTrained : TrainingSections.timings(training)
                });

        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src")
                .append(" 'unsafe-inline'\"/><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
                .append("<title>")
                .append(Html.escape(title(training)))
                .append("</title><style>")
                .append(STYLE)
                .append("</style></head><body><h1>")
                .append(Html.escape(title(training)))
                .append("</h1>")
                .append("<p class=\"subtitle\">")
                .append(Html.escape(subtitle(in)))
                .append("</p>");
        html.append(cards(in));
        in.notes()
                .forEach(n ->
                        html.append("<p class=\"note\">").append(Html.escape(n)).append("</p>"));
        html.append("<nav>");
        sections.forEach(s -> html.append("<a href=\"#")
                .append(s[0])
                .append("\">")
                .append(Html.escape(s[1]))
                .append("</a>"));
        html.append("</nav>");
        sections.forEach(s -> html.append("<section id=\"")
                .append(s[0])
                .append("\"><h2>")
                .append(Html.escape(s[1]))
                .append("</h2>")
                .append(s[2])
                .append("</section>"));
        return html.append("</body></html>\n").toString();
    }

    private static String title(TrainingReport training) {
        return training == null ? "Fine-tuning report" : "Fine-tuning report: " + modelName(training.model());
    }

    /** A model directory or archive by its name; Hub ids and Maven coordinates as given. */
    static String modelName(String model) {
        if (model.contains("/") || model.contains("\\")) {
            Path path = Path.of(model).normalize();
            if (path.isAbsolute() || model.startsWith(".")) {
                return path.getFileName() == null ? model : path.getFileName().toString();
            }
        }
        return model;
    }

    private static String subtitle(ReportInputs in) {
        List<String> parts = new ArrayList<>();
        in.data().ifPresent(d -> parts.add(d.labels().size() + " labels (" + String.join(", ", d.labels()) + ")"));
        in.training()
                .ifPresent(t -> parts.add("freezeLayerCount " + t.training().freezeLayerCount()
                        + ", " + t.epochs().size() + " epochs, batch "
                        + t.training().batchSize() + ", learning rate "
                        + Html.rate(t.training().learningRate()) + ", precision "
                        + t.training().precision().name().toLowerCase(Locale.ROOT)));
        in.training().ifPresent(t -> parts.add("plugin " + t.pluginVersion()));
        return String.join(" · ", parts);
    }

    /** The figures a reader looks for first. */
    private static String cards(ReportInputs in) {
        StringBuilder html = new StringBuilder("<div class=\"cards\">");
        in.evaluation()
                .ifPresent(e -> e.splits().forEach((role, m) -> {
                    if (m.regression() != null) {
                        html.append(card(Html.figure(m.regression().mse()), role + " MSE"));
                        html.append(card(Html.figure(m.regression().pearson()), role + " Pearson"));
                    } else if (m.multiLabel() != null) {
                        html.append(card(Html.figure(m.f1()), role + " micro F1"));
                        html.append(card(Html.figure(m.multiLabel().macroF1()), role + " macro F1"));
                    } else {
                        html.append(card(Html.figure(m.accuracy()), role + " accuracy"));
                        html.append(card(Html.figure(m.f1()), role + " F1 (" + m.averaging() + ")"));
                    }
                }));
        if (in.evaluation().isEmpty()) {
            in.training().ifPresent(t -> {
                EpochRecord best = t.epochs().get(t.bestEpoch() - 1);
                html.append(card(Html.figure(best.validationAccuracy()), "validation accuracy"));
                html.append(card(Html.figure(best.validationF1()), "validation F1"));
            });
        }
        in.evaluation().ifPresent(e -> html.append(card(e.gate().passed() ? "passed" : "failed", "quality gate")));
        in.training().ifPresent(t -> {
            html.append(card(t.bestEpoch() + " of " + t.epochs().size(), "best epoch"));
            html.append(card(Durations.clock(t.trainingSeconds()), "training time"));
            html.append(card(
                    Html.percent(t.trainableParameters() / (double) Math.max(1, t.totalParameters())),
                    "parameters trained"));
        });
        return html.append("</div>").toString();
    }

    private static String card(String value, String label) {
        return "<div class=\"card\"><div class=\"value\">" + Html.escape(value) + "</div><div class=\"label\">"
                + Html.escape(label) + "</div></div>";
    }

    private static String missing(String text) {
        return "<p class=\"missing\">" + Html.escape(text) + "</p>";
    }
}
