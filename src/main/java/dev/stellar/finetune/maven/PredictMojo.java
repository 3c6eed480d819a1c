package dev.stellar.finetune.maven;

import dev.stellar.finetune.config.FinetuneSettings;
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
public class PredictMojo extends AbstractFinetuneMojo {

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

    /** A CSV file to write every prediction to: the text column(s), the predicted label, each label's probability. */
    @Parameter(property = "finetune.predictionsFile")
    protected String predictionsFile;

    @Override
    protected List<Step> steps() {
        return List.of(Step.PREDICT);
    }

    @Override
    protected Job job(FinetuneSettings settings) {
        PredictSettings request = new PredictSettings(text, textPair, input, modelDir, predictionsFile);
        String model = artifactFile("modelDir", request.modelDir(), settings.baseDirectory());
        return new Job(steps(), settings, new PredictSettings(text, textPair, input, model, predictionsFile));
    }

    @Override
    protected void conclude(JobResult result, FinetuneSettings settings) {
        // The predictions are the outcome; they are in the log (and in predictionsFile when set).
    }
}
