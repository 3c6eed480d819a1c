package dev.stellar.finetune.config;

import java.util.List;
import java.util.Map;

/**
 * What to read and how to turn it into encoded splits.
 *
 * @param dataset a directory holding files named after their splits, or one file (the train split)
 * @param dataFiles explicit files per split name (comma-separated when a split has several); overrides
 *     what {@code dataset} would find for those splits
 * @param textColumns one text column, or two for sentence pairs
 * @param labelColumn the column holding the label
 * @param labels explicit label names in id order; empty to infer them from the data
 * @param trainSplit the training split, with optional Hugging Face slicing ({@code train[:90%]})
 * @param validationSplit the validation split; {@code null} means "validation, carved from train when the
 *     data set has none"
 * @param testSplit the test split; {@code null} means "test when the data set has one, else carved from
 *     train when testFraction is above 0"
 * @param validationFraction share of train carved off as validation when there is no validation split
 * @param testFraction share of train carved off as test when there is no test split
 * @param maxLength token budget per example, special tokens included
 * @param labelling the problem type and where multi-label data keeps its labels
 */
public record DataSettings(
        String dataset,
        Map<String, String> dataFiles,
        List<String> textColumns,
        String labelColumn,
        List<String> labels,
        String trainSplit,
        String validationSplit,
        String testSplit,
        double validationFraction,
        double testFraction,
        int maxLength,
        LabelSettings labelling) {

    public static final String DEFAULT_VALIDATION = "validation";
    public static final String DEFAULT_TEST = "test";

    public DataSettings {
        dataFiles = dataFiles == null ? Map.of() : Map.copyOf(dataFiles);
        textColumns = textColumns == null || textColumns.isEmpty() ? List.of("text") : List.copyOf(textColumns);
        if (textColumns.size() > 2 || textColumns.stream().anyMatch(c -> c == null || c.isBlank())) {
            throw new ConfigurationException(
                    "textColumns",
                    String.join(",", textColumns),
                    "takes one column, or two for sentence pairs",
                    "set <textColumns> to e.g. text, or sentence1,sentence2");
        }
        textColumns = textColumns.stream().map(String::trim).toList();
        labelColumn = Checks.notBlank(
                "labelColumn",
                labelColumn == null ? "label" : labelColumn,
                "set <labelColumn> to the column that holds the labels");
        labels = labels == null ? List.of() : labels.stream().map(String::trim).toList();
        if (labels.size() == 1) {
            throw new ConfigurationException(
                    "labels",
                    labels.get(0),
                    "a classifier needs at least two labels",
                    "list every label name, e.g. negative,positive, or leave <labels> out to infer them");
        }
        if (labels.stream().distinct().count() != labels.size()) {
            throw new ConfigurationException(
                    "labels", String.join(",", labels), "contains a name twice", "list each label name once");
        }
        trainSplit = Checks.notBlank(
                "trainSplit",
                trainSplit == null ? "train" : trainSplit,
                "set <trainSplit> to a split name such as train or train[:90%]");
        validationSplit = blankToNull(validationSplit);
        testSplit = blankToNull(testSplit);
        Checks.fraction("validationFraction", validationFraction, false, "use a share such as 0.1");
        Checks.fraction("testFraction", testFraction, false, "use a share such as 0.1, or 0 for no carved test split");
        if (validationFraction + testFraction >= 1) {
            throw new ConfigurationException(
                    "validationFraction",
                    validationFraction,
                    "together with testFraction " + testFraction + " it leaves no training rows",
                    "keep validationFraction + testFraction below 1");
        }
        Checks.atLeast("maxLength", maxLength, 8, "set <maxLength> to a token budget such as 128");
        labelling = labelling == null ? LabelSettings.INFERRED : labelling;
    }

    /** Settings of single-label data, or data whose problem type is inferred. */
    public DataSettings(
            String dataset,
            Map<String, String> dataFiles,
            List<String> textColumns,
            String labelColumn,
            List<String> labels,
            String trainSplit,
            String validationSplit,
            String testSplit,
            double validationFraction,
            double testFraction,
            int maxLength) {
        this(
                dataset,
                dataFiles,
                textColumns,
                labelColumn,
                labels,
                trainSplit,
                validationSplit,
                testSplit,
                validationFraction,
                testFraction,
                maxLength,
                LabelSettings.INFERRED);
    }

    /** Only prepare-data reads the data set; the later goals read what it wrote. */
    public void requireSource() {
        if ((dataset == null || dataset.isBlank()) && dataFiles.isEmpty()) {
            throw new ConfigurationException(
                    "dataset",
                    dataset,
                    "no data set is configured",
                    "set <dataset> to a directory with train.csv (or .tsv, .jsonl, .parquet) files, or list files"
                            + " per split in <dataFiles>");
        }
    }

    /** The same settings with label names decided elsewhere (the data set's own features). */
    public DataSettings withLabels(List<String> names) {
        return new DataSettings(
                dataset,
                dataFiles,
                textColumns,
                labelColumn,
                names,
                trainSplit,
                validationSplit,
                testSplit,
                validationFraction,
                testFraction,
                maxLength,
                labelling);
    }

    public boolean isPairTask() {
        return textColumns.size() == 2;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
