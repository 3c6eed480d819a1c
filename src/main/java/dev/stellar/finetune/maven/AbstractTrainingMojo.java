package dev.stellar.finetune.maven;

import dev.stellar.finetune.config.ClassWeights;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.DataSettings;
import dev.stellar.finetune.config.GateSettings;
import dev.stellar.finetune.config.HubSettings;
import dev.stellar.finetune.config.LabelSettings;
import dev.stellar.finetune.config.MetricLimit;
import dev.stellar.finetune.config.ParameterValues;
import dev.stellar.finetune.config.Precision;
import dev.stellar.finetune.config.ProblemType;
import dev.stellar.finetune.config.ReuseSettings;
import dev.stellar.finetune.config.SelectBestBy;
import dev.stellar.finetune.config.SpeedSettings;
import dev.stellar.finetune.config.TrainingSettings;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The parameters of the goals that prepare data, train and evaluate (prepare-data, freeze-and-train, evaluate and
 * train): the data set and its splits, the optimisation, the speed settings, the quality gate and reuse.
 */
public abstract class AbstractTrainingMojo extends AbstractModelMojo {

    /**
     * The data set: a directory whose files are named after their splits (train.csv, validation.jsonl,
     * test.parquet, or names containing train/validation/dev/test as Hugging Face datasets reads local
     * folders), or a single file used as the train split. CSV, TSV, JSON Lines and Parquet are read.
     */
    @Parameter(property = "finetune.dataset")
    protected String dataset;

    /**
     * The configuration of a Hugging Face Hub data set (e.g. {@code mrpc} of {@code nyu-mll/glue}); needed when
     * it has several.
     */
    @Parameter(property = "finetune.datasetConfig")
    protected String datasetConfig;

    /**
     * The revision of a Hub data set's Parquet conversion (a commit of {@code refs/convert/parquet});
     * unset for its latest.
     */
    @Parameter(property = "finetune.datasetRevision")
    protected String datasetRevision;

    /** Explicit files per split, e.g. {@code <train>data/a.csv</train><test>data/b.csv</test>}; comma-separated for several. */
    @Parameter
    protected Map<String, String> dataFiles;

    /** The text column, or two columns for sentence pairs (e.g. {@code sentence1,sentence2}). */
    @Parameter(property = "finetune.textColumns", defaultValue = "text")
    protected List<String> textColumns;

    /** The column holding the label. */
    @Parameter(property = "finetune.labelColumn", defaultValue = "label")
    protected String labelColumn;

    /**
     * Label names in id order. Without it, integer labels are kept as ids and string labels are sorted
     * and numbered; the mapping is saved with the model.
     */
    @Parameter(property = "finetune.labels")
    protected List<String> labels;

    /**
     * What the model predicts: {@code single-label} (one class per text), {@code multi-label} (any number of
     * labels per text: a list column, a delimited column with labelDelimiter, or 0/1 columns with labelColumns) or
     * {@code regression} (a number). Unset: inferred from the training labels and logged.
     */
    @Parameter(property = "finetune.problemType")
    protected String problemType;

    /** Splits a text label cell into several labels (multi-label), e.g. {@code |} for {@code billing|bug}. */
    @Parameter(property = "finetune.labelDelimiter")
    protected String labelDelimiter;

    /** Multi-label data with one 0/1 column per label, e.g. {@code billing,bug,feature}: the columns are the labels. */
    @Parameter(property = "finetune.labelColumns")
    protected List<String> labelColumns;

    /** Multi-label: the probability from which a label is predicted, between 0 and 1. */
    @Parameter(property = "finetune.threshold", defaultValue = "0.5")
    protected String threshold;

    /** The training split, with optional Hugging Face slicing: {@code train}, {@code train[:90%]}, {@code train[:1000]}. */
    @Parameter(property = "finetune.trainSplit", defaultValue = "train")
    protected String trainSplit;

    /**
     * The validation split (slicing allowed). Unset: the data set's {@code validation} split, or one carved
     * from train with validationFraction when there is none.
     */
    @Parameter(property = "finetune.validationSplit")
    protected String validationSplit;

    /**
     * The test split (slicing allowed). Unset: the data set's {@code test} split, or one carved from train
     * when testFraction is above 0.
     */
    @Parameter(property = "finetune.testSplit")
    protected String testSplit;

    /** Share of train carved off (seeded, stratified by label) as validation when the data set has no validation split. */
    @Parameter(property = "finetune.validationFraction", defaultValue = "0.1")
    protected String validationFraction;

    /** Share of train carved off as test when the data set has no test split; 0 for none. */
    @Parameter(property = "finetune.testFraction", defaultValue = "0")
    protected String testFraction;

    /** Tokens per example, special tokens included; longer texts are truncated (pairs longest-first). */
    @Parameter(property = "finetune.maxLength", defaultValue = "128")
    protected String maxLength;

    /**
     * A freeze sweep: train one model per count (e.g. {@code -1,2,4}) on the same data and seed, compare them in
     * the report, and keep the best by selectBestBy as the model evaluated and attached. Replaces
     * freezeLayerCount when set.
     */
    @Parameter(property = "finetune.freezeLayerCounts")
    protected List<String> freezeLayerCounts;

    /** Passes over the training split. */
    @Parameter(property = "finetune.epochs", defaultValue = "3")
    protected String epochs;

    /** Examples per optimizer step. */
    @Parameter(property = "finetune.batchSize", defaultValue = "32")
    protected String batchSize;

    /** Peak learning rate of AdamW. */
    @Parameter(property = "finetune.learningRate", defaultValue = "5e-5")
    protected String learningRate;

    /** Decoupled weight decay of AdamW; biases and LayerNorm weights are not decayed. */
    @Parameter(property = "finetune.weightDecay", defaultValue = "0.01")
    protected String weightDecay;

    /** Share of all steps spent warming the learning rate up linearly from 0; it then decays linearly to 0. */
    @Parameter(property = "finetune.warmupRatio", defaultValue = "0.1")
    protected String warmupRatio;

    /** Global gradient-norm clipping threshold; 0 turns clipping off. */
    @Parameter(property = "finetune.maxGradNorm", defaultValue = "1.0")
    protected String maxGradNorm;

    /**
     * Which validation figure picks the epoch whose weights are kept: {@code validation-loss}, or any metric of
     * {@code gates} ({@code accuracy}, {@code f1}, {@code mcc}, {@code roc-auc}, {@code log-loss}, ...).
     */
    @Parameter(property = "finetune.selectBestBy", defaultValue = "validation-loss")
    protected String selectBestBy;

    /** Stop after this many epochs without improvement of selectBestBy; 0 turns early stopping off. */
    @Parameter(property = "finetune.earlyStoppingPatience", defaultValue = "0")
    protected String earlyStoppingPatience;

    /** Batch training rows of similar length (shuffled, then sorted within seeded windows), to pad less. */
    @Parameter(property = "finetune.groupByLength", defaultValue = "true")
    protected boolean groupByLength;

    /** Rows per forward/backward pass; gradients accumulate up to batchSize. 0: chosen from memoryBudgetMiB. */
    @Parameter(property = "finetune.microBatchSize", defaultValue = "0")
    protected String microBatchSize;

    /**
     * Compute the frozen embeddings and layers once per training row and reuse them every epoch: true,
     * false, or auto (when they fit memoryBudgetMiB and frozenDropout is off).
     */
    @Parameter(property = "finetune.cacheFrozenActivations", defaultValue = "auto")
    protected String cacheFrozenActivations;

    /** Apply dropout inside frozen layers while training, as a notebook that only sets requires_grad=False. */
    @Parameter(property = "finetune.frozenDropout", defaultValue = "false")
    protected boolean frozenDropout;

    /** Memory in MiB that micro-batches and the activation cache may use; 0: half of the physical memory. */
    @Parameter(property = "finetune.memoryBudgetMiB", defaultValue = "0")
    protected String memoryBudgetMiB;

    /** Minimum accuracy on the gated split; unset for none. */
    @Parameter(property = "finetune.minAccuracy")
    protected String minAccuracy;

    /** Minimum F1 on the gated split (binary F1 of label 1 for two labels, macro F1 otherwise); unset for none. */
    @Parameter(property = "finetune.minF1")
    protected String minF1;

    /**
     * How much each label weighs in the training loss, for imbalanced data: {@code none}, {@code balanced}, or
     * {@code label=weight} pairs such as {@code negative=1,positive=4}. Single-label weighs rows ({@code balanced}:
     * scikit-learn's inverse frequency); multi-label weighs each label's positive cells as BCE's {@code pos_weight}
     * ({@code balanced}: negatives over positives); regression refuses it.
     */
    @Parameter(property = "finetune.classWeights", defaultValue = "none")
    protected String classWeights;

    /**
     * Bounds on any metric of the gated split, as JaCoCo's rules: {@code <gates><gate><metric>mcc</metric>
     * <minimum>0.6</minimum></gate></gates>}; a {@code <maximum>} for a figure that should stay low (log-loss, ece).
     */
    @Parameter
    protected List<Gate> gates;

    /** The split whose figures the gate checks: {@code validation} or {@code test}. */
    @Parameter(property = "finetune.gateSplit", defaultValue = "validation")
    protected String gateSplit;

    /** Fail the build when the gate is missed; false turns the failure into a warning. */
    @Parameter(property = "finetune.haltOnFailure", defaultValue = "true")
    protected boolean haltOnFailure;

    /** Train even when the model in outputDirectory was trained from the same inputs and settings. */
    @Parameter(property = "finetune.force", defaultValue = "false")
    protected boolean force;

    /**
     * A folder that keeps trained models by fingerprint (e.g. {@code ${user.home}/.m2/finetune-models} or a
     * CI cache folder), so a {@code mvn clean verify} of an unchanged project restores the model instead of
     * training it. Unset: no such cache.
     */
    @Parameter(property = "finetune.cacheDirectory")
    protected File cacheDirectory;

    /** Also write a checkpoint every this many optimizer steps (one is always written at the end of each epoch). */
    @Parameter(property = "finetune.checkpointEverySteps", defaultValue = "0")
    protected String checkpointEverySteps;

    @Override
    protected HubSettings hub() {
        return new HubSettings(modelRevision, datasetConfig, datasetRevision);
    }

    @Override
    protected DataSettings data() {
        return new DataSettings(
                dataset,
                dataFiles,
                trimmed(textColumns),
                labelColumn,
                trimmed(labels),
                trainSplit,
                validationSplit,
                testSplit,
                ParameterValues.number("validationFraction", validationFraction, "0.1"),
                ParameterValues.number("testFraction", testFraction, "0.1"),
                ParameterValues.wholeNumber("maxLength", maxLength, "128"),
                new LabelSettings(
                        ProblemType.parse(problemType),
                        labelDelimiter,
                        trimmed(labelColumns),
                        ParameterValues.number("threshold", threshold, "0.5")));
    }

    @Override
    protected TrainingSettings training() {
        return new TrainingSettings(
                ParameterValues.wholeNumber("freezeLayerCount", freezeLayerCount, "0"),
                ParameterValues.wholeNumber("epochs", epochs, "3"),
                ParameterValues.wholeNumber("batchSize", batchSize, "32"),
                ParameterValues.number("learningRate", learningRate, "5e-5"),
                ParameterValues.number("weightDecay", weightDecay, "0.01"),
                ParameterValues.number("warmupRatio", warmupRatio, "0.1"),
                ParameterValues.number("maxGradNorm", maxGradNorm, "1.0"),
                SelectBestBy.parse(selectBestBy),
                ParameterValues.wholeNumber("earlyStoppingPatience", earlyStoppingPatience, "2"),
                new SpeedSettings(
                        Precision.parse(precision),
                        groupByLength,
                        ParameterValues.wholeNumber("microBatchSize", microBatchSize, "16"),
                        ParameterValues.toggle("cacheFrozenActivations", cacheFrozenActivations),
                        frozenDropout,
                        ParameterValues.wholeNumber("memoryBudgetMiB", memoryBudgetMiB, "8192")),
                freezeCounts(freezeLayerCounts),
                ClassWeights.parse(classWeights));
    }

    static List<MetricLimit> metricLimits(List<Gate> gates) {
        List<MetricLimit> limits = new ArrayList<>();
        if (gates != null) {
            for (int i = 0; i < gates.size(); i++) {
                Gate g = gates.get(i);
                limits.add(MetricLimit.parse(i + 1, g.getMetric(), g.getMinimum(), g.getMaximum()));
            }
        }
        return limits;
    }

    @Override
    protected GateSettings gate() {
        return new GateSettings(
                ParameterValues.optionalNumber("minAccuracy", minAccuracy, "0.8"),
                ParameterValues.optionalNumber("minF1", minF1, "0.8"),
                gateSplit,
                haltOnFailure,
                metricLimits(gates));
    }

    @Override
    protected ReuseSettings reuse() {
        return new ReuseSettings(
                force,
                cacheDirectory == null ? null : cacheDirectory.toPath(),
                ParameterValues.wholeNumber("checkpointEverySteps", checkpointEverySteps, "100"));
    }

    static List<Integer> freezeCounts(List<String> values) {
        List<String> parts = trimmed(values);
        if (parts == null) {
            return List.of();
        }
        List<Integer> counts = new ArrayList<>();
        for (String part : parts) {
            try {
                counts.add(Integer.parseInt(part));
            } catch (NumberFormatException e) {
                throw new ConfigurationException(
                        "freezeLayerCounts",
                        String.join(",", parts),
                        "\"" + part + "\" is not a whole number",
                        "list freeze counts such as -1,2,4");
            }
        }
        return counts;
    }
}
