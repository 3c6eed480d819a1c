package dev.stellar.finetune.config;

/**
 * What finetune:predict classifies and with which model: one text (or text pair) from the command line, or
 * the rows of a table file.
 *
 * @param text the text to classify, or {@code null} with {@code input}
 * @param textPair the second text of a sentence pair, with {@code text}; {@code null} for single texts
 * @param input a CSV, TSV, JSON Lines or Parquet file whose textColumns are classified, or {@code null}
 * @param modelDir a fine-tuned model directory or model zip; {@code null} for the project's
 *     {@code target/finetune/model}
 * @param predictionsFile a CSV to write every prediction to, or {@code null}
 * @param overwrite whether predictionsFile may replace an existing file that finetune:predict did not write
 * @param escapeFormulas whether text cells of predictionsFile that a spreadsheet would run as a formula are
 *     prefixed with a single quote
 */
public record PredictSettings(
        String text,
        String textPair,
        String input,
        String modelDir,
        String predictionsFile,
        boolean overwrite,
        boolean escapeFormulas) {

    /** Replaces no foreign file and escapes nothing. */
    public PredictSettings(String text, String textPair, String input, String modelDir, String predictionsFile) {
        this(text, textPair, input, modelDir, predictionsFile, false, false);
    }

    public PredictSettings {
        text = blankToNull(text);
        textPair = blankToNull(textPair);
        input = blankToNull(input);
        modelDir = blankToNull(modelDir);
        predictionsFile = blankToNull(predictionsFile);
        if (text == null && input == null) {
            throw new ConfigurationException(
                    "text",
                    null,
                    "finetune:predict needs a text or an input file, and" + " neither text nor input is set",
                    "run mvn finetune:predict -Dfinetune.text=\"a sentence\", or"
                            + " -Dfinetune.input=file.csv to classify the rows of a table");
        }
        if (text != null && input != null) {
            throw new ConfigurationException(
                    "input",
                    input,
                    "text is set too (\"" + text + "\"), and predict" + " classifies one or the other",
                    "leave out -Dfinetune.text to classify the file's rows, or"
                            + " -Dfinetune.input to classify the text");
        }
        if (textPair != null && text == null) {
            throw new ConfigurationException(
                    "textPair",
                    textPair,
                    "it goes with text, not with input (the second"
                            + " text of a file's rows comes from its second text column)",
                    "leave out -Dfinetune.textPair and"
                            + " set -Dfinetune.textColumns=first,second for a file of sentence pairs");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
