package dev.stellar.finetune.maven;

import dev.stellar.finetune.config.DataSettings;
import dev.stellar.finetune.config.EngineSettings;
import dev.stellar.finetune.config.ExportFormat;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.config.GateSettings;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.config.HubSettings;
import dev.stellar.finetune.config.ParameterValues;
import dev.stellar.finetune.config.Precision;
import dev.stellar.finetune.config.ReuseSettings;
import dev.stellar.finetune.config.SelectBestBy;
import dev.stellar.finetune.config.SpeedSettings;
import dev.stellar.finetune.config.TrainingSettings;
import dev.stellar.finetune.engine.LibtorchArtifact;
import dev.stellar.finetune.fork.JvmArgs;
import dev.stellar.finetune.pipeline.Job;
import dev.stellar.finetune.pipeline.JobResult;
import dev.stellar.finetune.pipeline.Step;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * What every goal shares (as Jib's helper goals extend a small base): skip, the worker JVM, the output directory,
 * Hub access and artifact resolution, and the one way a goal runs: bind the POM into the core's settings, run the
 * core steps (in a worker JVM by default), and turn the result into a Maven outcome. The training parameters live
 * in {@link AbstractTrainingMojo}; a goal without them hands the core their defaults, which it does not read.
 */
public abstract class AbstractFinetuneMojo extends AbstractMojo {

    /** The default of maxLength. */
    static final int DEFAULT_MAX_LENGTH = 128;
    /** The default of seed. */
    static final long DEFAULT_SEED = 42;

    /** The {@code <server>} in settings.xml whose password is the Hugging Face token (when HF_TOKEN is not set). */
    @Parameter(property = "finetune.hubServerId", defaultValue = "huggingface")
    protected String hubServerId;

    /** Skip the goal. */
    @Parameter(property = "finetune.skip", defaultValue = "false")
    protected boolean skip;

    /**
     * Run the work in a separate worker JVM (native engine code never loads into Maven's JVM, and a crash
     * or out-of-memory ends the worker, not the build). false runs in-process.
     */
    @Parameter(property = "finetune.fork", defaultValue = "true")
    protected boolean fork;

    /** JVM options of the worker, e.g. {@code -Xmx8g}; quote one that holds spaces ({@code "-Dx=a b"}). */
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
            MavenBuildLog log = new MavenBuildLog(
                    getLog(),
                    MavenBuildLog.interactiveConsole(
                            session == null || session.getRequest().isInteractiveMode()),
                    System.out);
            Job job = job(settings);
            result = new JobExecutor(
                            fork, fork ? pluginClasspath() : List.of(), libtorchJar(job), JvmArgs.split(jvmArgs))
                    .execute(
                            job,
                            log,
                            HubAccess.environment(session, hubServerId, settingsDecrypter, System.getenv(), getLog()));
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
        DataSettings data = data();
        HeadSettings head = head();
        TrainingSettings training = training();
        GateSettings gate = gate();
        Path base = baseDirectory();
        String model = model();
        String modelLocation = artifactFile("model", model, base);
        ModelArtifactResolver resolver = artifactResolver();
        Path modelCache = resolver == null ? null : resolver.cacheDirectory();
        HubSettings hub = hub();
        ReuseSettings reuse = reuse();
        Integer threadCount = ParameterValues.optionalWholeNumber("threads", threads, "2");
        return new FinetuneSettings(
                base,
                outputDirectory(base),
                modelLocation,
                modelCache,
                hub,
                data,
                head,
                training,
                gate,
                reuse,
                seed(),
                threadCount == null ? Runtime.getRuntime().availableProcessors() : threadCount,
                exportFormats(),
                model,
                engine());
    }

    // What a goal hands the core for the parameters it lacks: the training goals' defaults (the core's steps for
    // such a goal do not read them). A goal with the parameters overrides these with their values.

    /** The device and libtorch; goals that start no engine (the Hub listings) keep the defaults. */
    protected EngineSettings engine() {
        return EngineSettings.defaults();
    }

    /** The pretrained model as the user named it; {@code null} for a goal without one. */
    protected String model() {
        return null;
    }

    protected HubSettings hub() {
        return HubSettings.defaults();
    }

    protected DataSettings data() {
        return data(null, null, DEFAULT_MAX_LENGTH);
    }

    /** Data settings with the training goals' defaults but for the data set, text columns and maxLength. */
    protected static DataSettings data(String dataset, List<String> textColumns, int maxLength) {
        return new DataSettings(dataset, null, textColumns, null, null, null, null, null, 0.1, 0, maxLength);
    }

    protected HeadSettings head() {
        return defaultHead();
    }

    static HeadSettings defaultHead() {
        return new HeadSettings(List.of(256), 0.1, null);
    }

    protected TrainingSettings training() {
        return training(0, Precision.FP32);
    }

    /** Training settings with the training goals' defaults but for what a benchmark sets. */
    protected static TrainingSettings training(int freezeLayerCount, Precision precision) {
        return new TrainingSettings(
                freezeLayerCount,
                3,
                32,
                5e-5,
                0.01,
                0.1,
                1.0,
                SelectBestBy.VALIDATION_LOSS,
                0,
                SpeedSettings.defaults().withPrecision(precision));
    }

    protected GateSettings gate() {
        return noGate();
    }

    static GateSettings noGate() {
        return new GateSettings(null, null, "validation", true);
    }

    protected ReuseSettings reuse() {
        return ReuseSettings.defaults();
    }

    protected long seed() {
        return DEFAULT_SEED;
    }

    protected List<ExportFormat> exportFormats() {
        return ExportFormat.defaults();
    }

    Path baseDirectory() {
        return project.getBasedir() == null
                ? Path.of("").toAbsolutePath()
                : project.getBasedir().toPath();
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
        if (resolver == null
                || coordinates.isEmpty()
                || base.resolve(value).toFile().exists()) {
            return value;
        }
        return resolver.resolve(coordinates.get(), parameter, getLog()).toString();
    }

    /**
     * The running platform's libtorch jar, resolved through Maven (the plugin does not declare it); {@code null}
     * when the job needs none.
     */
    private Path libtorchJar(Job job) {
        if (!job.needsBundledLibtorch()) {
            return null;
        }
        LibtorchArtifact natives = LibtorchArtifact.forThisPlatform();
        if (session == null || session.getRepositorySession() == null) {
            return null; // the mojo tests: libtorch is on the test classpath
        }
        return new LibtorchResolver(
                        repositorySystem, session.getRepositorySession(), project.getRemotePluginRepositories())
                .resolve(natives, getLog());
    }

    /** Resolves artifacts with the build's repositories; {@code null} outside a Maven session (some tests). */
    private ModelArtifactResolver artifactResolver() {
        return session == null || session.getRepositorySession() == null
                ? null
                : new ModelArtifactResolver(
                        repositorySystem, session.getRepositorySession(), project.getRemoteProjectRepositories());
    }

    /** Without a project (benchmark, datasets) Maven leaves ${project.build.directory} unexpanded. */
    private Path outputDirectory(Path base) {
        String path = outputDirectory == null ? "" : outputDirectory.getPath();
        return path.isEmpty() || path.contains("${")
                ? base.resolve("target").resolve("finetune")
                : outputDirectory.toPath();
    }

    static List<String> trimmed(List<String> values) {
        if (values == null) {
            return null;
        }
        // A property value "a,b" arrives as one element on some Maven versions; split it either way.
        List<String> out = new ArrayList<>();
        for (String value : values) {
            if (value != null) {
                Arrays.stream(value.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .forEach(out::add);
            }
        }
        return out;
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
            if (artifact.getFile() != null
                    && !classpath.contains(artifact.getFile().toPath())) {
                classpath.add(artifact.getFile().toPath());
            }
        }
        return classpath;
    }
}
