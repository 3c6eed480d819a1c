package dev.stellar.finetune.data;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.DataSettings;
import dev.stellar.finetune.config.LabelSettings;
import dev.stellar.finetune.config.ProblemType;
import dev.stellar.finetune.log.BuildLog;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides the problem type (as configured, else from the training labels, as transformers'
 * run_classification.py does: a list column is multi-label, float labels are regression) and the mapping of
 * label cells to targets for it.
 */
final class TargetMappings {

    private static final Pattern INTEGER = Pattern.compile("-?\\d+");

    private TargetMappings() {}

    static TargetMapping decide(
            DataSettings settings, List<RawRow> train, List<LabelMapping.RoleRows> others, BuildLog log) {
        LabelSettings labelling = settings.labelling();
        ProblemType declared = labelling.declared();
        ProblemType type = declared != null ? declared : infer(train, settings.labelColumn());
        boolean columns = !labelling.labelColumns().isEmpty();
        String parameter = columns ? "labelColumns" : "labelColumn";
        String column = columns ? String.join(",", labelling.labelColumns()) : settings.labelColumn();
        TargetMapping mapping = switch (type) {
            case SINGLE_LABEL -> LabelMapping.decide(settings.labels(), settings.labelColumn(), train, others, log);
            case MULTI_LABEL ->
                MultiLabelMapping.decide(
                        columns ? labelling.labelColumns() : settings.labels(),
                        parameter,
                        column,
                        labelling.labelDelimiter(),
                        train,
                        others,
                        log);
            case REGRESSION -> regression(settings, train, others);
        };
        log.info("Problem type " + type.id()
                + (declared != null
                        ? ""
                        : " (inferred from the labels of " + column + "; set problemType to choose another)")
                + ": " + describe(mapping));
        return mapping;
    }

    private static TargetMapping regression(
            DataSettings settings, List<RawRow> train, List<LabelMapping.RoleRows> others) {
        if (!settings.labels().isEmpty()) {
            throw new ConfigurationException(
                    "labels",
                    String.join(",", settings.labels()),
                    "a regression model has no label names: it predicts the number in " + settings.labelColumn(),
                    "remove <labels>, or set problemType to single-label if the values are classes");
        }
        RegressionMapping mapping = new RegressionMapping(settings.labelColumn());
        mapping.targets(train, "train");
        for (LabelMapping.RoleRows other : others) {
            mapping.targets(other.rows(), other.role());
        }
        return mapping;
    }

    private static String describe(TargetMapping mapping) {
        return switch (mapping.problemType()) {
            case SINGLE_LABEL -> "one of " + mapping.labels().size() + " labels per text";
            case MULTI_LABEL -> "any of " + mapping.labels().size() + " labels per text, each with a sigmoid output";
            case REGRESSION ->
                "one number per text, from " + mapping.labels().names().get(0);
        };
    }

    /**
     * A list in every row is multi-label; numbers with a fraction are regression; anything else is single-label.
     * A column that mixes lists and single values, or numbers with a fraction and text, is refused at the first
     * row that breaks the pattern.
     */
    static ProblemType infer(List<RawRow> train, String labelColumn) {
        RawRow firstList = null;
        RawRow firstSingle = null;
        RawRow firstFraction = null;
        RawRow firstText = null;
        for (RawRow row : train) {
            String label = row.label();
            if (label.startsWith("[")) {
                firstList = firstList == null ? row : firstList;
                continue;
            }
            firstSingle = firstSingle == null ? row : firstSingle;
            if (isNumber(label)) {
                if (!INTEGER.matcher(label).matches()) {
                    firstFraction = firstFraction == null ? row : firstFraction;
                }
            } else {
                firstText = firstText == null ? row : firstText;
            }
        }
        if (firstList != null && firstSingle != null) {
            throw mixed(labelColumn, firstList, "a list", firstSingle, "a single value");
        }
        if (firstList != null) {
            return ProblemType.MULTI_LABEL;
        }
        if (firstFraction != null && firstText != null) {
            throw mixed(labelColumn, firstFraction, "a number", firstText, "text");
        }
        return firstFraction != null ? ProblemType.REGRESSION : ProblemType.SINGLE_LABEL;
    }

    private static ConfigurationException mixed(
            String labelColumn, RawRow one, String oneKind, RawRow other, String otherKind) {
        return new ConfigurationException(
                "labelColumn",
                labelColumn,
                "the column mixes kinds of label: '" + one.label() + "' at " + one.where() + " is " + oneKind + ", '"
                        + other.label() + "' at " + other.where() + " is " + otherKind,
                "use one kind of label in every row, or set <problemType> to say which is meant");
    }

    private static boolean isNumber(String text) {
        try {
            return Double.isFinite(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
