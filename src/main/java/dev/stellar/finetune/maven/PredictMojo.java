package dev.stellar.finetune.maven;

import dev.stellar.finetune.config.DataSettings;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.config.ParameterValues;
import dev.stellar.finetune.config.PredictSettings;
import dev.stellar.finetune.pipeline.Job;
import dev.stellar.finetune.pipeline.JobResult;
import dev.stellar.finetune.pipeline.Step;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Tries a fine-tuned model: {@code -Dfinetune.text="a great film"} (with {@code -Dfinetune.textPair=...} for a
 * sentence-pair model) prints the predicted label and every label's probability;
 * {@code -Dfinetune.input=file.csv} does so for each row of a table (its textColumns) and counts the rows per
 * label, and {@code -Dfinetune.predictionsFile=...} writes them all to a CSV. The model is the project's
 * {@code target/finetune/model} unless {@code modelDir} names another. Not bound to a phase; runs without a
 * project too.
 */
@Mojo(name = "predict", requiresProject = false, threadSafe = true)
public class PredictMojo extends AbstractEngineMojo {

    /** A text to classify. */
    @Parameter(property = "finetune.text")
    protected String text;

    /** The second text of a sentence pair, for a model trained on two text columns. */
    @Parameter(property = "finetune.textPair")
    protected String textPair;

    /**
     * A CSV, TSV, JSON Lines or Parquet file whose rows are classified (its textColumns), relative to the project
     * (or the current directory without one).
     */
    @Parameter(property = "finetune.input")
    protected String input;

    /**
     * The fine-tuned model: a directory or model zip written by freeze-and-train, or Maven coordinates of a model
     * zip ({@code groupId:artifactId:version:zip:model}). Unset: {@code target/finetune/model} of the project.
     */
    @Parameter(property = "finetune.modelDir")
    protected String modelDir;

    /**
     * A CSV file to write every prediction to: the text column(s), the predicted label, each label's probability.
     * Never the input file; an existing file is replaced only when predict wrote it (or overwrite is set).
     */
    @Parameter(property = "finetune.predictionsFile")
    protected String predictionsFile;

    /** Let predictionsFile replace an existing file that finetune:predict did not write. */
    @Parameter(property = "finetune.overwrite", defaultValue = "false")
    protected boolean overwrite;

    /**
     * Prefix with a single quote every text cell of predictionsFile that a spreadsheet would run as a formula (it
     * starts with {@code = + - @}, a tab or a carriage return; a plain number such as {@code -1} is left alone), as
     * OWASP advises against CSV injection when the file is opened in Excel or LibreOffice. The file then no longer
     * holds the texts exactly as read.
     */
    @Parameter(property = "finetune.escapeFormulas", defaultValue = "false")
    protected boolean escapeFormulas;

    /**
     * The input file's text column, or two columns for a sentence-pair model; when the file lacks them, the columns
     * the model was trained on are read.
     */
    @Parameter(property = "finetune.textColumns", defaultValue = "text")
    protected List<String> textColumns;

    /** Tokens per text, special tokens included, for a model whose training.json does not record its maxLength. */
    @Parameter(property = "finetune.maxLength", defaultValue = "128")
    protected String maxLength;

    @Override
    protected DataSettings data() {
        return data(null, trimmed(textColumns), ParameterValues.wholeNumber("maxLength", maxLength, "128"));
    }

    @Override
    protected List<Step> steps() {
        return List.of(Step.PREDICT);
    }

    @Override
    protected Job job(FinetuneSettings settings) {
        PredictSettings request =
                new PredictSettings(text, textPair, input, modelDir, predictionsFile, overwrite, escapeFormulas);
        String model = artifactFile("modelDir", request.modelDir(), settings.baseDirectory());
        return new Job(
                steps(),
                settings,
                new PredictSettings(text, textPair, input, model, predictionsFile, overwrite, escapeFormulas));
    }

    @Override
    protected void conclude(JobResult result, FinetuneSettings settings) {
        // The predictions are the outcome; they are in the log (and in predictionsFile when set).
    }
}
