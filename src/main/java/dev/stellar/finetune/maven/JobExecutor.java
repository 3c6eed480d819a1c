package dev.stellar.finetune.maven;

import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.fork.WorkerLauncher;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.pipeline.Job;
import dev.stellar.finetune.pipeline.JobResult;
import dev.stellar.finetune.pipeline.JobRunner;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a job in a forked worker JVM (the default) or, with fork=false, in Maven's own JVM. Either way the engine
 * sees the plugin's classes plus one libtorch jar, the running platform's, that the plugin does not declare.
 */
final class JobExecutor {

    private final boolean fork;
    private final List<Path> classpath;
    private final Path libtorchJar;
    private final List<String> jvmArgs;

    /**
     * @param classpath the plugin's classpath (used when forking)
     * @param libtorchJar the platform's libtorch jar; {@code null} when the job does not start the engine or
     *     libtorch comes from elsewhere
     */
    JobExecutor(boolean fork, List<Path> classpath, Path libtorchJar, List<String> jvmArgs) {
        this.fork = fork;
        this.classpath = classpath;
        this.libtorchJar = libtorchJar;
        this.jvmArgs = jvmArgs;
    }

    /** @param environment variables the job sees beside the process's own (HF_TOKEN, HF_HUB_OFFLINE, ...) */
    JobResult execute(Job job, BuildLog log, Map<String, String> environment) {
        if (!fork) {
            Map<String, String> merged = new HashMap<>(System.getenv());
            merged.putAll(environment);
            return inProcess(job, log, merged, libtorchJar);
        }
        var layout = job.settings().layout();
        Path jobFile = layout.jobsDirectory().resolve(job.name() + ".json");
        Json.write(jobFile, job);
        Path logFile = layout.logsDirectory().resolve(job.name() + ".log");
        var result = new WorkerLauncher(WorkerLauncher.currentJava(), workerClasspath(), jvmArgs)
                .run(
                        jobFile,
                        logFile,
                        log,
                        environment,
                        "batchSize " + job.settings().training().batchSize() + " and maxLength "
                                + job.settings().data().maxLength());
        return Json.fromTree(result, JobResult.class);
    }

    /** The plugin's classpath and the libtorch jar, when there is one. */
    List<Path> workerClasspath() {
        List<Path> paths = new ArrayList<>(classpath);
        if (libtorchJar != null) {
            paths.add(libtorchJar);
        }
        return paths;
    }

    /**
     * The engine finds itself and libtorch through the context class loader: the plugin's, or for the job's
     * length a loader over the libtorch jar whose parent is the plugin's.
     */
    private static JobResult inProcess(Job job, BuildLog log, Map<String, String> environment, Path libtorchJar) {
        ClassLoader plugin = JobExecutor.class.getClassLoader();
        if (libtorchJar == null) {
            return withContextClassLoader(plugin, job, log, environment);
        }
        log.debug("In-process job; libtorch from " + libtorchJar);
        URLClassLoader withLibtorch = new URLClassLoader(new URL[] {url(libtorchJar)}, plugin);
        try {
            return withContextClassLoader(withLibtorch, job, log, environment);
        } finally {
            closeQuietly(withLibtorch, log);
        }
    }

    /** Closing only releases the jar file: libtorch was extracted and loaded while the job ran. */
    private static void closeQuietly(URLClassLoader loader, BuildLog log) {
        try {
            loader.close();
        } catch (IOException e) {
            log.debug("Could not close the class loader over libtorch's jar: " + e);
        }
    }

    private static JobResult withContextClassLoader(
            ClassLoader loader, Job job, BuildLog log, Map<String, String> environment) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return JobRunner.run(job, log, environment);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new FinetuneException("Cannot load libtorch from " + jar + ": " + e.getMessage(), e);
        }
    }
}
