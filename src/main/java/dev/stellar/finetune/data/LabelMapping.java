package dev.stellar.finetune.data;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.ProblemType;
import dev.stellar.finetune.log.BuildLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Decides the label names and maps each row's label cell to its id.
 *
 * <p>Integer labels (all of train's labels are whole numbers) are kept as ids, named "0".."max" unless
 * {@code labels} names them. Other labels are text: ids follow {@code labels} when given, else the
 * sorted names. Names come from the training rows plus those of the other splits, so an evaluation label
 * that train lacks still gets an id (with a warning).
 */
final class LabelMapping implements TargetMapping {

    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,9}");

    private final LabelSet labels;
    private final Map<String, Integer> ids;
    private final boolean integers;
    private final String labelColumn;

    private LabelMapping(LabelSet labels, Map<String, Integer> ids, boolean integers, String labelColumn) {
        this.labels = labels;
        this.ids = ids;
        this.integers = integers;
        this.labelColumn = labelColumn;
    }

    /** The labelled rows of one role, named for messages ("train", "validation"). */
    record RoleRows(String role, List<RawRow> rows) {}

    /**
     * @param configured the {@code labels} parameter: names in id order, or empty
     * @param train the training rows (all labelled)
     * @param others the other labelled roles
     */
    static LabelMapping decide(
            List<String> configured, String labelColumn, List<RawRow> train, List<RoleRows> others, BuildLog log) {
        boolean integers =
                train.stream().allMatch(r -> INTEGER.matcher(r.label()).matches());
        LabelMapping mapping = integers
                ? integerMapping(configured, labelColumn, train, others)
                : textMapping(configured, labelColumn, train, others);
        Set<Integer> trainIds = new TreeSet<>();
        for (RawRow row : train) {
            trainIds.add(mapping.id(row, "train"));
        }
        if (trainIds.size() < 2) {
            String only = trainIds.isEmpty()
                    ? "none"
                    : mapping.labels.names().get(trainIds.iterator().next());
            throw new ConfigurationException(
                    "labelColumn",
                    labelColumn,
                    "the training split has fewer than two" + " classes (only " + only + ", in " + train.size()
                            + " rows)",
                    "check that <labelColumn> is the"
                            + " label column and that <trainSplit> selects rows of every class");
        }
        for (RoleRows other : others) {
            Map<String, Long> unseen = new TreeMap<>();
            for (RawRow row : other.rows()) {
                int id = mapping.id(row, other.role());
                if (!trainIds.contains(id)) {
                    unseen.merge(mapping.labels.names().get(id), 1L, Long::sum);
                }
            }
            if (!unseen.isEmpty()) {
                log.warn("The " + other.role() + " split has labels that train never shows: "
                        + unseen.entrySet().stream()
                                .map(e -> e.getKey() + " (" + e.getValue() + " rows)")
                                .collect(Collectors.joining(", "))
                        + ". The model cannot learn them; check the split selection.");
            }
        }
        return mapping;
    }

    private static LabelMapping integerMapping(
            List<String> configured, String labelColumn, List<RawRow> train, List<RoleRows> others) {
        int max = 0;
        for (RoleRows role : allRoles(train, others)) {
            checkNoHiddenLabels(role.role(), role.rows(), labelColumn);
            for (RawRow row : role.rows()) {
                if (!INTEGER.matcher(row.label()).matches()) {
                    throw new ConfigurationException(
                            "labelColumn",
                            labelColumn,
                            "the label '" + row.label() + "' at " + row.where()
                                    + " is not a whole number, while train's labels are",
                            "use the same kind of labels in every split");
                }
                int id = Integer.parseInt(row.label());
                if (id < 0) {
                    throw new ConfigurationException(
                            "labelColumn",
                            labelColumn,
                            "the label " + id + " at " + row.where() + " is negative",
                            "number the classes from 0");
                }
                if (!configured.isEmpty() && id >= configured.size()) {
                    throw new ConfigurationException(
                            "labels",
                            String.join(",", configured),
                            "the label id " + id
                                    + " at " + row.where() + " has no name: <labels> names " + configured.size()
                                    + " classes, ids 0.." + (configured.size() - 1),
                            "name every class in <labels>, in id"
                                    + " order, or leave <labels> out to name them by number");
                }
                max = Math.max(max, id);
            }
        }
        List<String> names = configured.isEmpty()
                ? IntStream.rangeClosed(0, max).mapToObj(Integer::toString).toList()
                : configured;
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (RoleRows role : allRoles(train, others)) {
            for (RawRow row : role.rows()) {
                ids.putIfAbsent(row.label(), Integer.parseInt(row.label()));
            }
        }
        return new LabelMapping(new LabelSet(names), ids, true, labelColumn);
    }

    /** A split that hides some labels but not all cannot be used (one that hides all is read as unlabelled). */
    private static void checkNoHiddenLabels(String role, List<RawRow> rows, String labelColumn) {
        long hidden =
                rows.stream().filter(r -> HiddenLabels.isHidden(r.label())).count();
        if (hidden > 0) {
            RawRow first = rows.stream()
                    .filter(r -> HiddenLabels.isHidden(r.label()))
                    .findFirst()
                    .orElseThrow();
            throw new ConfigurationException(
                    "labelColumn",
                    labelColumn,
                    "the " + role + " split mixes the hidden"
                            + " label " + HiddenLabels.VALUE + " (" + hidden + " rows, the first at " + first.where()
                            + ")"
                            + " with real labels",
                    "remove the rows labelled " + HiddenLabels.VALUE + ", or select a split"
                            + " whose labels are all known");
        }
    }

    private static LabelMapping textMapping(
            List<String> configured, String labelColumn, List<RawRow> train, List<RoleRows> others) {
        TreeSet<String> seen = new TreeSet<>();
        for (RoleRows role : allRoles(train, others)) {
            for (RawRow row : role.rows()) {
                if (seen.add(row.label()) && !configured.isEmpty() && !configured.contains(row.label())) {
                    throw new ConfigurationException(
                            "labels",
                            String.join(",", configured),
                            "the label '" + row.label() + "' at " + row.where() + " is not one of "
                                    + String.join(", ", configured),
                            "add it to <labels>, correct the data, or leave <labels> out to take every label found");
                }
            }
        }
        List<String> names = configured.isEmpty() ? new ArrayList<>(seen) : configured;
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            ids.put(names.get(i), i);
        }
        return new LabelMapping(new LabelSet(names), ids, false, labelColumn);
    }

    private static List<RoleRows> allRoles(List<RawRow> train, List<RoleRows> others) {
        List<RoleRows> all = new ArrayList<>();
        all.add(new RoleRows("train", train));
        all.addAll(others);
        return all;
    }

    @Override
    public ProblemType problemType() {
        return ProblemType.SINGLE_LABEL;
    }

    @Override
    public LabelSet labels() {
        return labels;
    }

    @Override
    public Targets targets(List<RawRow> rows, String role) {
        return Targets.ofIds(ids(rows, role));
    }

    @Override
    public Strata strata(Targets targets) {
        return new Strata(targets.ids(), "stratified by label");
    }

    @Override
    public int[] countsPerLabel(Targets targets) {
        int[] counts = new int[labels.size()];
        for (int id : targets.ids()) {
            counts[id]++;
        }
        return counts;
    }

    boolean integers() {
        return integers;
    }

    int id(RawRow row, String role) {
        Integer id = ids.get(row.label());
        if (id == null) {
            // Only reachable for a split that was not part of decide(); say so rather than guess.
            throw new ConfigurationException(
                    "labelColumn",
                    labelColumn,
                    "the " + role + " label '" + row.label() + "' at " + row.where() + " is not among the labels "
                            + String.join(", ", labels.names()),
                    "use the labels of the training split");
        }
        return id;
    }

    int[] ids(List<RawRow> rows, String role) {
        int[] result = new int[rows.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = id(rows.get(i), role);
        }
        return result;
    }
}
