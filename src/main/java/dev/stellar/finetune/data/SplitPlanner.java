package dev.stellar.finetune.data;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.DataSettings;
import dev.stellar.finetune.log.BuildLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides the rows of the train, validation and test outputs: selects and slices the configured splits,
 * maps the labels, and carves validation (and test, when asked) from train where the data set has none.
 */
final class SplitPlanner {

    private final DataSettings settings;
    private final long seed;
    private final Map<String, SplitFiles> splits;
    private final TableReader reader;
    private final BuildLog log;
    private final Map<String, RawSplit> read = new HashMap<>();
    private final List<String> notes = new ArrayList<>();

    /** One output split: its rows, their targets ({@code null} when unlabelled) and where they came from. */
    record Role(String name, String source, List<RawRow> rows, Targets targets) {}

    /** The outputs in order (train, validation, then test when there is one), the labels and how they map. */
    record Plan(TargetMapping mapping, List<Role> roles, List<String> notes) {

        LabelSet labels() {
            return mapping.labels();
        }
    }

    /** A role before label mapping. */
    private record Selected(SplitSpec spec, String source, List<RawRow> rows, boolean labeled) {}

    private SplitPlanner(
            DataSettings settings, long seed, Map<String, SplitFiles> splits, TableReader reader, BuildLog log) {
        this.settings = settings;
        this.seed = seed;
        this.splits = splits;
        this.reader = reader;
        this.log = log;
    }

    static Plan plan(
            DataSettings settings, long seed, Map<String, SplitFiles> splits, TableReader reader, BuildLog log) {
        return new SplitPlanner(settings, seed, splits, reader, log).plan();
    }

    private Plan plan() {
        SplitSpec trainSpec = spec("trainSplit", settings.trainSplit());
        Set<String> usedByTrain =
                trainSpec.parts().stream().map(SplitSpec.Part::split).collect(Collectors.toSet());
        SplitSpec validationSpec = settings.validationSplit() != null
                ? spec("validationSplit", settings.validationSplit())
                : standard("validationSplit", DataSettings.DEFAULT_VALIDATION, usedByTrain);
        SplitSpec testSpec = settings.testSplit() != null
                ? spec("testSplit", settings.testSplit())
                : standard("testSplit", DataSettings.DEFAULT_TEST, usedByTrain);
        boolean carveTest = testSpec == null && settings.testFraction() > 0;
        boolean carveValidation = validationSpec == null;

        Selected train = select(trainSpec, true);
        if (!train.labeled()) {
            throw new ConfigurationException(
                    "labelColumn",
                    settings.labelColumn(),
                    "the training split " + trainSpec + " has no labels (" + unlabelledReason(trainSpec) + ")",
                    "select a labelled split in <trainSplit>, or set <labelColumn> to the column holding the labels");
        }
        requireRows(train, "trainSplit");
        Selected validation = validationSpec == null ? null : select(validationSpec, true);
        if (validation != null) {
            requireRows(validation, "validationSplit");
            if (!validation.labeled()) {
                throw new ConfigurationException(
                        "validationSplit",
                        validationSpec.text(),
                        "the split has no labels (" + unlabelledReason(validationSpec) + ")",
                        "set <validationSplit> to a labelled split, e.g. "
                                + "train[90%:] with <trainSplit>train[:90%]</trainSplit>, or leave it out to carve"
                                + " validationFraction of train");
            }
        }
        Selected test = testSpec == null ? null : select(testSpec, false);
        if (test != null) {
            requireRows(test, "testSplit");
        }

        List<LabelMapping.RoleRows> others = new ArrayList<>();
        if (validation != null) {
            others.add(new LabelMapping.RoleRows("validation", validation.rows()));
        }
        if (test != null && test.labeled()) {
            others.add(new LabelMapping.RoleRows("test", test.rows()));
        }
        TargetMapping mapping = TargetMappings.decide(settings, train.rows(), others, log);

        List<Role> roles = new ArrayList<>();
        Role trainRole = new Role("train", train.source(), train.rows(), mapping.targets(train.rows(), "train"));
        Role validationRole = validation == null
                ? null
                : new Role(
                        "validation",
                        validation.source(),
                        validation.rows(),
                        mapping.targets(validation.rows(), "validation"));
        Role testRole = test == null
                ? null
                : new Role(
                        "test",
                        test.source(),
                        test.rows(),
                        test.labeled() ? mapping.targets(test.rows(), "test") : null);
        if (carveTest || carveValidation) {
            List<Role> carved = carve(trainRole, mapping.strata(trainRole.targets()), carveTest, carveValidation);
            int at = 0;
            if (carveTest) {
                testRole = carved.get(at++);
            }
            if (carveValidation) {
                validationRole = carved.get(at++);
            }
            trainRole = carved.get(at);
        }
        roles.add(trainRole);
        roles.add(validationRole);
        if (testRole != null) {
            roles.add(testRole);
        }
        return new Plan(mapping, roles, List.copyOf(notes));
    }

    private SplitSpec spec(String parameter, String text) {
        SplitSpec spec = SplitSpec.parse(parameter, text);
        spec.checkSplitsExist(splits.keySet());
        return spec;
    }

    /** The data set's own validation or test split, unless it is missing or already part of train. */
    private SplitSpec standard(String parameter, String split, Set<String> usedByTrain) {
        if (!splits.containsKey(split)) {
            return null;
        }
        if (usedByTrain.contains(split)) {
            log.info("The " + split + " split is part of trainSplit " + settings.trainSplit() + ", so it is not used"
                    + " as " + split + " too.");
            return null;
        }
        return SplitSpec.parse(parameter, split);
    }

    private Selected select(SplitSpec spec, boolean labelRequired) {
        List<RawRow> rows = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        Set<Boolean> labeled = new LinkedHashSet<>();
        for (SplitSpec.Part part : spec.parts()) {
            RawSplit split = read(part.split(), labelRequired);
            int[] range = part.range(split.size(), spec.parameter(), spec.text());
            rows.addAll(split.rows().subList(range[0], range[1]));
            sources.add(part.text() + " of " + split.files().describeFiles());
            labeled.add(split.labeled());
        }
        if (labeled.size() > 1) {
            throw new ConfigurationException(
                    spec.parameter(),
                    spec.text(),
                    "it joins labelled and unlabelled splits (" + unlabelledReason(spec) + ")",
                    "join only splits that all have labels, or none");
        }
        return new Selected(
                spec, String.join(" + ", sources), rows, labeled.iterator().next());
    }

    private RawSplit read(String name, boolean labelRequired) {
        RawSplit split = read.get(name);
        if (split == null) {
            split = reader.read(splits.get(name), labelRequired);
            read.put(name, split);
            log.debug("Read " + split.size() + " rows of " + name + " from "
                    + split.files().describeFiles());
            if (!split.labeled()) {
                String note = "The " + name + " split is read as unlabelled: "
                        + (split.note() != null ? split.note() : "it has no column " + settings.labelColumn()) + ".";
                notes.add(note);
                log.info(note);
            }
        } else if (labelRequired && !split.labeled() && split.note() == null) {
            read.remove(name);
            return read(name, true); // read again to report the missing column with the file's columns
        }
        return split;
    }

    private String unlabelledReason(SplitSpec spec) {
        List<String> reasons = new ArrayList<>();
        for (SplitSpec.Part part : spec.parts()) {
            RawSplit split = read.get(part.split());
            if (split != null && !split.labeled()) {
                reasons.add(part.split() + ": "
                        + (split.note() == null ? "no column " + settings.labelColumn() : split.note()));
            }
        }
        return String.join("; ", reasons);
    }

    private static void requireRows(Selected selected, String parameter) {
        if (selected.rows().isEmpty()) {
            throw new ConfigurationException(
                    parameter,
                    selected.spec().text(),
                    "it selects no rows (" + selected.source() + ")",
                    "select a non-empty part of the split");
        }
    }

    /** Carves test, then validation, from train; returns [test], [validation], then the rest of train. */
    private List<Role> carve(Role train, TargetMapping.Strata strata, boolean test, boolean validation) {
        List<Double> shares = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> parameters = new ArrayList<>();
        if (test) {
            shares.add(settings.testFraction());
            names.add("test");
            parameters.add("testFraction");
        }
        if (validation) {
            shares.add(settings.validationFraction());
            names.add("validation");
            parameters.add("validationFraction");
        }
        double[] shareArray = shares.stream().mapToDouble(Double::doubleValue).toArray();
        List<int[]> parts = StratifiedSplit.carve(strata.ofRow(), seed, shareArray);
        List<Role> roles = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            boolean rest = p == shares.size();
            String name = rest ? "train" : names.get(p);
            String source = rest
                    ? train.source() + " less the rows carved as " + String.join(" and ", names)
                    : "carved " + percent(shares.get(p)) + " of " + train.source() + " (" + strata.description()
                            + ", seed " + seed + ")";
            Role role = subset(name, source, train, parts.get(p));
            if (role.rows().isEmpty()) {
                String parameter = rest ? "trainSplit" : parameters.get(p);
                Object value = rest ? settings.trainSplit() : shareArray[p];
                throw new ConfigurationException(
                        parameter,
                        value,
                        "carving " + (rest ? "validation and test" : name) + " from the "
                                + train.rows().size() + " training rows leaves " + name + " empty",
                        rest
                                ? "lower validationFraction and testFraction, or select more training rows"
                                : "raise " + parameters.get(p) + ", select more training rows, or set <" + name
                                        + "Split> to a split of its own");
            }
            if (!rest) {
                String note = "No " + name + " split in the data set: carved " + percent(shares.get(p)) + " of "
                        + train.source() + " as " + name + " (" + role.rows().size() + " of "
                        + train.rows().size()
                        + " rows, " + strata.description() + ", seed " + seed + ").";
                notes.add(note);
                log.info(note);
            }
            roles.add(role);
        }
        return roles;
    }

    private static Role subset(String name, String source, Role from, int[] indices) {
        List<RawRow> rows = new ArrayList<>(indices.length);
        for (int index : indices) {
            rows.add(from.rows().get(index));
        }
        return new Role(name, source, rows, from.targets().subset(indices));
    }

    /** 0.1 as "10%", 0.125 as "12.5%". */
    static String percent(double share) {
        double value = Math.round(share * 100_000) / 1000.0;
        return value == Math.rint(value) ? (long) value + "%" : value + "%";
    }
}
