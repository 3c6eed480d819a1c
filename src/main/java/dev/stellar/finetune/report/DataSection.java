package dev.stellar.finetune.report;

import dev.stellar.finetune.data.PreparedData;
import dev.stellar.finetune.data.RoleStats;
import dev.stellar.finetune.data.TokenLengths;
import java.util.Map;
import java.util.stream.Collectors;

/** The report's data section: rows and labels per split, token lengths against maxLength, preparation notes. */
final class DataSection {

    private DataSection() {}

    static String html(PreparedData data) {
        StringBuilder html = new StringBuilder();
        Table table = new Table(
                "splits", "Split", "Rows", "Rows per label", "Tokens p50", "p95", "max", "Cut to maxLength", "Source");
        for (Map.Entry<String, RoleStats> e : data.roles().entrySet()) {
            RoleStats s = e.getValue();
            TokenLengths t = s.tokenLengths();
            String labels = s.labeled()
                    ? s.labelCounts().entrySet().stream()
                            .map(c -> c.getKey() + ": " + Html.count(c.getValue()))
                            .collect(Collectors.joining(", "))
                    : "unlabelled";
            table.row(
                    e.getKey(),
                    Html.count(s.rows()),
                    labels,
                    String.valueOf(t.p50()),
                    String.valueOf(t.p95()),
                    String.valueOf(t.max()),
                    Html.count(s.truncatedRows()) + " (" + Html.percent(s.truncatedShare()) + ")",
                    s.source());
        }
        html.append(table.html());
        html.append("<div class=\"charts\">");
        for (Map.Entry<String, RoleStats> e : data.roles().entrySet()) {
            RoleStats s = e.getValue();
            if (s.lengthHistogram() != null && s.rows() > 0) {
                html.append(HistogramChart.svg(
                        EvaluationSections.capitalised(e.getKey()) + ": token lengths, "
                                + Html.percent(s.truncatedShare()) + " of rows cut",
                        s.lengthHistogram(),
                        data.maxLength()));
            }
        }
        html.append("</div>");
        if (!data.notes().isEmpty()) {
            html.append("<ul class=\"notes\">");
            data.notes().forEach(n -> html.append("<li>").append(Html.escape(n)).append("</li>"));
            html.append("</ul>");
        }
        return html.toString();
    }
}
