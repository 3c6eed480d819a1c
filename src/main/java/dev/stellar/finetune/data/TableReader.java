package dev.stellar.finetune.data;

import com.google.gson.JsonArray;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.FinetuneException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Reads the text and label columns of a split's files with DuckDB, one file at a time so that every
 * message can name its file, in file order.
 *
 * <p>CSV and TSV are read without DuckDB's sniffer: the header comes from the first record, then the file is
 * read strictly with every column declared, so a ragged row fails with its line instead of being padded or
 * guessed around. TSV is read without quoting, as GLUE's TSV files hold unbalanced quotes (Hugging Face's GLUE
 * loaders read them with csv.QUOTE_NONE).
 */
public final class TableReader {

    /** Wide enough for any header; the columns beyond it come back as NULL padding. */
    private static final int HEADER_WIDTH = 512;

    private final List<String> textColumns;
    private final String labelColumn;
    /** Multi-label data's 0/1 columns, one per label; empty when one column holds the labels. */
    private final List<String> labelColumns;
    /** The parameter that named the files, for messages about their content. */
    private final String source;

    /** Starts loading the reader's native library now, on another thread, for a job that will read data files. */
    public static void prepareInBackground() {
        DuckDb.loadInBackground();
    }

    TableReader(List<String> textColumns, String labelColumn) {
        this(textColumns, labelColumn, List.of(), "dataset");
    }

    /**
     * @param labelColumns several 0/1 columns read as one list-valued label (multi-label), each 1 naming its
     *     column; empty to read {@code labelColumn}
     */
    TableReader(List<String> textColumns, String labelColumn, List<String> labelColumns) {
        this(textColumns, labelColumn, labelColumns, "dataset");
    }

    /** @param labelColumn {@code null} to read no label */
    private TableReader(List<String> textColumns, String labelColumn, List<String> labelColumns, String source) {
        this.textColumns = List.copyOf(textColumns);
        this.labelColumn = labelColumn;
        this.labelColumns = List.copyOf(labelColumns);
        this.source = source;
    }

    /**
     * The text column(s) of one table file, in file order, without labels: what finetune:predict classifies.
     *
     * @param parameter the parameter that named the file, for messages
     */
    public static List<RawRow> readTexts(Path file, List<String> textColumns, String parameter) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException(
                    parameter,
                    file,
                    "there is no such file",
                    "give the path of a CSV, TSV,"
                            + " JSON Lines or Parquet file (a relative path is resolved against the project directory, or"
                            + " the current directory without a project)");
        }
        DataFormat format = DataFormat.of(file.getFileName().toString());
        if (format == null) {
            throw new ConfigurationException(
                    parameter,
                    file,
                    "the file's extension is not one of a known table" + " format",
                    "use a file ending in " + DataFormat.knownExtensions());
        }
        DataFile data = new DataFile(file, file.getFileName().toString());
        return new TableReader(textColumns, null, List.of(), parameter)
                .read(new SplitFiles(parameter, format, List.of(data)), false)
                .rows();
    }

    /** A column of a file: its name and DuckDB type. */
    private record Column(String name, String type) {}

    /**
     * Reads a split.
     *
     * @param labelRequired whether a missing label column is an error (train, validation) rather than an
     *     unlabelled split (test)
     */
    RawSplit read(SplitFiles split, boolean labelRequired) {
        // One connection per split, allowed to open that split's files and no others.
        try (Connection connection =
                DuckDb.reading(split.files().stream().map(DataFile::path).toList())) {
            return read(connection, split, labelRequired);
        } catch (SQLException e) {
            throw new FinetuneException("DuckDB did not start: " + e.getMessage(), e);
        }
    }

    private RawSplit read(Connection connection, SplitFiles split, boolean labelRequired) {
        List<RawRow> rows = new ArrayList<>();
        Boolean labeled = null;
        DataFile previous = null;
        for (DataFile file : split.files()) {
            List<Column> columns = columns(connection, file, split.format());
            for (String text : textColumns) {
                require(columns, text, "textColumns", file);
            }
            boolean hasLabel = hasLabel(columns);
            if (!hasLabel && labelRequired) {
                if (labelColumns.isEmpty()) {
                    require(columns, labelColumn, "labelColumn", file);
                }
                for (String column : labelColumns) {
                    require(columns, column, "labelColumns", file);
                }
            }
            if (labeled != null && labeled != hasLabel) {
                throw new ConfigurationException(
                        "labelColumn",
                        labelColumn,
                        "the split " + split.name() + " has the"
                                + " column in " + (labeled ? previous : file).path() + " but not in "
                                + (labeled ? file : previous).path(),
                        "give all files of a split the same columns");
            }
            labeled = hasLabel;
            previous = file;
            int before = rows.size();
            readRows(connection, file, split.format(), columns, hasLabel, rows);
            if (rows.size() == before && split.format() != DataFormat.PARQUET) {
                throw new ConfigurationException(
                        source,
                        file.path(),
                        "the file has a header but no rows",
                        "add the data rows under the header, or remove the file");
            }
        }
        return withLabelState(split, rows, Boolean.TRUE.equals(labeled));
    }

    /** Whether the file has its labels: the label column, or every one of labelColumns. */
    private boolean hasLabel(List<Column> columns) {
        if (!labelColumns.isEmpty()) {
            return labelColumns.stream()
                    .allMatch(name -> columns.stream().anyMatch(c -> c.name().equals(name)));
        }
        return labelColumn != null && columns.stream().anyMatch(c -> c.name().equals(labelColumn));
    }

    private RawSplit withLabelState(SplitFiles split, List<RawRow> rows, boolean labeled) {
        if (!labeled) {
            return new RawSplit(split, rows, false, null);
        }
        long missing = rows.stream().filter(r -> r.label() == null).count();
        if (missing == rows.size() && !rows.isEmpty()) {
            return new RawSplit(
                    split, unlabel(rows), false, "every value of the label column " + labelColumn + " is empty");
        }
        if (missing > 0) {
            RawRow row =
                    rows.stream().filter(r -> r.label() == null).findFirst().orElseThrow();
            throw new ConfigurationException(
                    "dataset",
                    row.file().path(),
                    "data row " + row.row() + " has no label"
                            + " in column " + labelColumn + " (" + missing + " of " + rows.size()
                            + " rows of the split "
                            + split.name() + " have none)",
                    "fill in the labels or remove those rows");
        }
        if (HiddenLabels.allHidden(rows)) {
            return new RawSplit(split, unlabel(rows), false, HiddenLabels.NOTE);
        }
        return new RawSplit(split, rows, true, null);
    }

    private static List<RawRow> unlabel(List<RawRow> rows) {
        return rows.stream()
                .map(r -> new RawRow(r.text(), r.pair(), null, r.file(), r.row()))
                .toList();
    }

    private static void require(List<Column> columns, String name, String parameter, DataFile file) {
        if (columns.stream().noneMatch(c -> c.name().equals(name))) {
            String existing = columns.stream().map(c -> "'" + c.name() + "'").collect(Collectors.joining(", "));
            throw new ConfigurationException(
                    parameter,
                    name,
                    "the file " + file.path() + " has no column '" + name + "' (its columns: " + existing + ")",
                    "set <" + parameter + "> to "
                            + (parameter.equals("textColumns") ? "the text column(s)" : "the label column")
                            + " of the data");
        }
    }

    private List<Column> columns(Connection connection, DataFile file, DataFormat format) {
        if (format == DataFormat.CSV || format == DataFormat.TSV) {
            return csvHeader(connection, file, format);
        }
        List<Column> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("DESCRIBE SELECT * FROM " + source(file, format))) {
            while (rs.next()) {
                columns.add(new Column(rs.getString("column_name"), rs.getString("column_type")));
            }
        } catch (SQLException e) {
            throw failure(e, file, format);
        }
        return columns;
    }

    /** The first record of the file, read without sniffing; trailing NULLs are padding. */
    private List<Column> csvHeader(Connection connection, DataFile file, DataFormat format) {
        String declared = IntStream.range(0, HEADER_WIDTH)
                .mapToObj(i -> "'c" + i + "':'VARCHAR'")
                .collect(Collectors.joining(",", "{", "}"));
        String sql = "SELECT * FROM read_csv(" + DuckDb.pathLiteral(file.path()) + ", header=false, auto_detect=false, "
                + dialect(format) + ", strict_mode=false, null_padding=true, parallel=false, columns=" + declared
                + ") LIMIT 1";
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            if (rs.next()) {
                for (int i = 1; i <= HEADER_WIDTH; i++) {
                    names.add(rs.getString(i));
                }
            }
        } catch (SQLException e) {
            throw failure(e, file, format);
        }
        while (!names.isEmpty() && names.get(names.size() - 1) == null) {
            names.remove(names.size() - 1);
        }
        if (names.isEmpty()) {
            throw new ConfigurationException(
                    source,
                    file.path(),
                    "the file is empty",
                    "write a header line (e.g. text,label) and the rows, or remove the file");
        }
        return names.stream()
                .map(n -> new Column(n == null ? "" : n.strip(), "VARCHAR"))
                .toList();
    }

    private void readRows(
            Connection connection,
            DataFile file,
            DataFormat format,
            List<Column> columns,
            boolean hasLabel,
            List<RawRow> rows) {
        List<String> wanted = new ArrayList<>(textColumns);
        if (hasLabel) {
            wanted.addAll(labelColumns.isEmpty() ? List.of(labelColumn) : labelColumns);
        }
        String select = IntStream.range(0, wanted.size())
                .mapToObj(i -> expression(columns, wanted.get(i), format, i >= textColumns.size()))
                .collect(Collectors.joining(", "));
        String sql = "SELECT " + select + " FROM " + source(file, format, columns);
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            int row = 0;
            while (rs.next()) {
                row++;
                String text = text(rs, 1, file, row);
                String pair = textColumns.size() == 2 ? text(rs, 2, file, row) : null;
                String label = !hasLabel
                        ? null
                        : labelColumns.isEmpty()
                                ? rs.getString(textColumns.size() + 1)
                                : labelsFromColumns(rs, textColumns.size() + 1, file, row);
                if (label != null) {
                    label = label.strip();
                    label = label.isEmpty() ? null : label;
                }
                rows.add(new RawRow(text, pair, label, file, row));
            }
        } catch (SQLException e) {
            throw failure(e, file, format);
        }
    }

    /** The 0/1 label columns of a row as a JSON list of the names of those that are 1. */
    private String labelsFromColumns(ResultSet rs, int first, DataFile file, int row) throws SQLException {
        JsonArray names = new JsonArray();
        for (int i = 0; i < labelColumns.size(); i++) {
            String value = rs.getString(first + i);
            String cell = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
            switch (cell) {
                case "1", "true" -> names.add(labelColumns.get(i));
                case "0", "false" -> {}
                default ->
                    throw new ConfigurationException(
                            "labelColumns",
                            String.join(",", labelColumns),
                            "data row " + row + " of " + file.path() + " has '" + (value == null ? "" : value)
                                    + "' in column " + labelColumns.get(i) + ", which is neither 0 nor 1",
                            "write 1 where the row has the label and 0 where it has not");
            }
        }
        return names.toString();
    }

    private String text(ResultSet rs, int index, DataFile file, int row) throws SQLException {
        String value = rs.getString(index);
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(
                    source,
                    file.path(),
                    "data row " + row + " has " + (value == null ? "no" : "an empty") + " text in column "
                            + textColumns.get(index - 1),
                    "fill in the text or remove the row");
        }
        return value;
    }

    /** The column as text: JSON values unquoted, booleans as 0/1, whole floats (1.0) as integers. */
    private static String expression(List<Column> columns, String name, DataFormat format, boolean label) {
        int index = -1;
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                index = i;
                break;
            }
        }
        boolean csv = format == DataFormat.CSV || format == DataFormat.TSV;
        String column = csv ? "c" + index : identifier(name);
        String type = columns.get(index).type().toUpperCase(Locale.ROOT);
        if (type.equals("JSON")) {
            return "(" + column + " ->> '$')";
        }
        if (label && type.endsWith("[]")) {
            return "CAST(to_json(" + column + ") AS VARCHAR)"; // a list of labels (multi-label), as JSON text
        }
        if (label && type.equals("BOOLEAN")) {
            return "CAST(CAST(" + column + " AS INTEGER) AS VARCHAR)";
        }
        if (label && (type.equals("FLOAT") || type.equals("DOUBLE") || type.startsWith("DECIMAL"))) {
            return "CASE WHEN " + column + " = trunc(" + column + ") AND abs(" + column + ") < 1e15 THEN CAST(CAST("
                    + column + " AS BIGINT) AS VARCHAR) ELSE CAST(" + column + " AS VARCHAR) END";
        }
        return "CAST(" + column + " AS VARCHAR)";
    }

    private static String source(DataFile file, DataFormat format) {
        return source(file, format, null);
    }

    private static String source(DataFile file, DataFormat format, List<Column> csvColumns) {
        String path = DuckDb.pathLiteral(file.path());
        return switch (format) {
            case CSV, TSV ->
                "read_csv(" + path + ", header=true, auto_detect=false, " + dialect(format)
                        + ", strict_mode=true, columns="
                        + IntStream.range(0, csvColumns.size())
                                .mapToObj(i -> "'c" + i + "':'VARCHAR'")
                                .collect(Collectors.joining(",", "{", "}"))
                        + ")";
            // sample_size=-1: the column types are decided from every row, so a late odd value cannot fail the read.
            case JSON_LINES -> "read_json(" + path + ", format='newline_delimited', sample_size=-1)";
            case PARQUET -> "read_parquet(" + path + ")";
        };
    }

    private static String dialect(DataFormat format) {
        return format == DataFormat.TSV ? "delim='\t', quote='', escape=''" : "delim=',', quote='\"', escape='\"'";
    }

    private ConfigurationException failure(SQLException e, DataFile file, DataFormat format) {
        return switch (format) {
            case CSV, TSV -> ReadFailures.csv(e, file, format, source);
            case JSON_LINES -> ReadFailures.json(e, file, source);
            case PARQUET -> ReadFailures.generic(e, file, format, source);
        };
    }

    private static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
