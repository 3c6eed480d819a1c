package dev.stellar.finetune.report;

import java.util.ArrayList;
import java.util.List;

/** An HTML table built row by row; cells are escaped, numeric columns right-aligned. */
final class Table {

    /** A cell with an optional inline style (shading), already-escaped text is not accepted. */
    record Cell(String text, String style) {}

    private final String cssClass;
    private final List<String> header;
    private final List<List<Cell>> rows = new ArrayList<>();
    private final List<String> rowClasses = new ArrayList<>();

    Table(String cssClass, String... header) {
        this.cssClass = cssClass;
        this.header = List.of(header);
    }

    Table row(Object... cells) {
        return classedRow(null, cells);
    }

    /** @param rowClass a CSS class for the row (e.g. "kept"), or {@code null} */
    Table classedRow(String rowClass, Object... cells) {
        List<Cell> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(cell instanceof Cell c ? c : new Cell(String.valueOf(cell), null));
        }
        rows.add(row);
        rowClasses.add(rowClass);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    String html() {
        StringBuilder html =
                new StringBuilder("<table class=\"").append(cssClass).append("\"><thead><tr>");
        for (String h : header) {
            html.append("<th>").append(Html.escape(h)).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        for (int r = 0; r < rows.size(); r++) {
            html.append(rowClasses.get(r) == null ? "<tr>" : "<tr class=\"" + rowClasses.get(r) + "\">");
            List<Cell> row = rows.get(r);
            for (int c = 0; c < row.size(); c++) {
                Cell cell = row.get(c);
                String tag = c == 0 ? "th" : "td";
                html.append('<').append(tag);
                if (c > 0 && isNumeric(cell.text())) {
                    html.append(" class=\"num\"");
                }
                if (cell.style() != null) {
                    html.append(" style=\"").append(Html.escape(cell.style())).append('"');
                }
                html.append('>')
                        .append(Html.escape(cell.text()))
                        .append("</")
                        .append(tag)
                        .append('>');
            }
            html.append("</tr>");
        }
        return html.append("</tbody></table>").toString();
    }

    private static boolean isNumeric(String text) {
        return text.matches("[-+]?[0-9][0-9,]*(\\.[0-9]+)?( ?%| s| MiB)?|-");
    }
}
