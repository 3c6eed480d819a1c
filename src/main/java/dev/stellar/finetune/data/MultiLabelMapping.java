package dev.stellar.finetune.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.ProblemType;
import dev.stellar.finetune.log.BuildLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Multi-label targets: each row's label cell is a list (a JSON Lines or Parquet array, or the 0/1 label columns
 * read as one), or text split at {@code labelDelimiter}; the target is 1 for each label the row has, 0 for the
 * others. Label names follow {@code labels} when given, else the sorted names found in all splits.
 */
final class MultiLabelMapping implements TargetMapping {

    private final LabelSet labels;
    private final Map<String, Integer> ids;
    private final String parameter;
    private final String column;
    private final String delimiter;

    private MultiLabelMapping(
            LabelSet labels, Map<String, Integer> ids, String parameter, String column, String delimiter) {
        this.labels = labels;
        this.ids = ids;
        this.parameter = parameter;
        this.column = column;
        this.delimiter = delimiter;
    }

    /**
     * @param parameter the parameter that names where the labels are ({@code labelColumn} or {@code labelColumns})
     * @param column its value, for messages
     * @param delimiter {@code labelDelimiter}, or {@code null} when the cells are lists
     */
    static MultiLabelMapping decide(
            List<String> configured,
            String parameter,
            String column,
            String delimiter,
            List<RawRow> train,
            List<LabelMapping.RoleRows> others,
            BuildLog log) {
        MultiLabelMapping parser = new MultiLabelMapping(null, Map.of(), parameter, column, delimiter);
        Set<String> seen = new TreeSet<>();
        Map<String, Integer> trainCounts = new LinkedHashMap<>();
        for (RawRow row : train) {
            for (String name : parser.names(row)) {
                seen.add(name);
                trainCounts.merge(name, 1, Integer::sum);
            }
        }
        for (LabelMapping.RoleRows other : others) {
            for (RawRow row : other.rows()) {
                seen.addAll(parser.names(row));
            }
        }
        if (!configured.isEmpty()) {
            for (String name : seen) {
                if (!configured.contains(name)) {
                    throw new ConfigurationException(
                            "labels",
                            String.join(",", configured),
                            "the data has the label '" + name + "', which it does not list",
                            "add it to <labels>, correct the data, or leave <labels> out to take every label found");
                }
            }
        }
        List<String> names = configured.isEmpty() ? new ArrayList<>(seen) : configured;
        if (names.size() < 2) {
            throw new ConfigurationException(
                    parameter,
                    column,
                    "the data has fewer than two labels (" + String.join(", ", names) + ")",
                    "multi-label data needs two labels or more; for one yes/no label use problemType single-label");
        }
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            ids.put(names.get(i), i);
        }
        List<String> neverInTrain =
                names.stream().filter(n -> !trainCounts.containsKey(n)).toList();
        if (!neverInTrain.isEmpty()) {
            log.warn("No training row has the label(s) " + String.join(", ", neverInTrain)
                    + ": the model cannot learn them; check the split selection.");
        }
        return new MultiLabelMapping(new LabelSet(names), ids, parameter, column, delimiter);
    }

    /** The label names of one row's cell, each once, in the order given. */
    private List<String> names(RawRow row) {
        String cell = row.label();
        Set<String> names = new LinkedHashSet<>();
        if (delimiter != null) {
            for (String part : cell.split(Pattern.quote(delimiter), -1)) {
                if (!part.isBlank()) {
                    names.add(part.strip());
                }
            }
        } else {
            JsonArray array = list(row);
            for (JsonElement element : array) {
                if (element.isJsonNull() || !element.isJsonPrimitive()) {
                    throw new ConfigurationException(
                            parameter,
                            column,
                            "the label list " + cell + " at " + row.where() + " holds " + element
                                    + ", which is no label name",
                            "list label names (text or whole numbers) only");
                }
                String name = element.getAsString().strip();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        if (names.isEmpty()) {
            throw new ConfigurationException(
                    parameter,
                    column,
                    "the label list '" + cell + "' at " + row.where() + " is empty",
                    "give every row at least one label, or remove the rows without one");
        }
        return List.copyOf(names);
    }

    private JsonArray list(RawRow row) {
        String cell = row.label();
        if (!cell.startsWith("[")) {
            throw new ConfigurationException(
                    parameter,
                    column,
                    "the label '" + cell + "' at " + row.where() + " is a single value, while multi-label data"
                            + " needs a list in every row",
                    "write the labels as a list (a JSON Lines or Parquet array), set <labelDelimiter> for text"
                            + " such as billing|bug, or use problemType single-label");
        }
        try {
            JsonElement parsed = JsonParser.parseString(cell);
            if (parsed.isJsonArray()) {
                return parsed.getAsJsonArray();
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw new ConfigurationException(
                parameter,
                column,
                "the label cell '" + cell + "' at " + row.where() + " is not a list",
                "write the labels as a JSON array such as [\"billing\", \"bug\"], or set <labelDelimiter>");
    }

    @Override
    public ProblemType problemType() {
        return ProblemType.MULTI_LABEL;
    }

    @Override
    public LabelSet labels() {
        return labels;
    }

    @Override
    public Targets targets(List<RawRow> rows, String role) {
        float[][] values = new float[rows.size()][labels.size()];
        for (int r = 0; r < rows.size(); r++) {
            for (String name : names(rows.get(r))) {
                Integer id = ids.get(name);
                if (id == null) {
                    throw new ConfigurationException(
                            parameter,
                            column,
                            "the " + role + " label '" + name + "' at "
                                    + rows.get(r).where() + " is not among the labels "
                                    + String.join(", ", labels.names()),
                            "use the labels of the training split");
                }
                values[r][id] = 1;
            }
        }
        return Targets.ofValues(values);
    }

    /** Each row goes with its rarest label, so carving keeps rare labels in every part (a simple stand-in for iterative stratification). */
    @Override
    public Strata strata(Targets targets) {
        int[] counts = countsPerLabel(targets);
        int[] ofRow = new int[targets.size()];
        for (int r = 0; r < ofRow.length; r++) {
            int rarest = -1;
            for (int k = 0; k < counts.length; k++) {
                if (targets.values()[r][k] > 0 && (rarest < 0 || counts[k] < counts[rarest])) {
                    rarest = k;
                }
            }
            ofRow[r] = rarest;
        }
        return new Strata(ofRow, "stratified by each row's rarest label");
    }

    @Override
    public int[] countsPerLabel(Targets targets) {
        int[] counts = new int[labels.size()];
        for (float[] row : targets.values()) {
            for (int k = 0; k < counts.length; k++) {
                counts[k] += row[k] > 0 ? 1 : 0;
            }
        }
        return counts;
    }
}
