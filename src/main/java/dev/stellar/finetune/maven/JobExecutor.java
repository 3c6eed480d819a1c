package dev.stellar.finetune.maven;

import dev.stellar.finetune.fork.WorkerLauncher;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.pipeline.Job;
import dev.stellar.finetune.pipeline.JobResult;
import dev.stellar.finetune.pipeline.JobRunner;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs a job in a forked worker JVM (the default) or, with fork=false, in Maven's own JVM. */
final class JobExecutor {

    private final boolean fork;
    private final List<Path> classpath;
    private final List<String> jvmArgs;

    JobExecutor(boolean fork, List<Path> classpath, List<String> jvmArgs) {
        this.fork = fork;
        this.classpath = classpath;
        this.jvmArgs = jvmArgs;
    }

    /** @param environment variables the job sees beside the process's own (HF_TOKEN, HF_HUB_OFFLINE, ...) */
    JobResult execute(Job job, BuildLog log, Map<String, String> environment) {
        if (!fork) {
            Map<String, String> merged = new HashMap<>(System.getenv());
            merged.putAll(environment);
            return inProcess(job, log, merged);
        }
        var layout = job.settings().layout();
        Path jobFile = layout.jobsDirectory().resolve(job.name() + ".json");
        Json.write(jobFile, job);
        Path logFile = layout.logsDirectory().resolve(job.name() + ".log");
        var result = new WorkerLauncher(WorkerLauncher.currentJava(), classpath, jvmArgs)
                .run(
                        jobFile,
                        logFile,
                        log,
                        environment,
                        "batchSize " + job.settings().training().batchSize() + " and maxLength "
                                + job.settings().data().maxLength());
        return Json.fromTree(result, JobResult.class);
    }

    /** The engine finds itself through the context class loader, which must be the plugin's. */
    private static JobResult inProcess(Job job, BuildLog log, Map<String, String> environment) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(JobExecutor.class.getClassLoader());
        try {
            return JobRunner.run(job, log, environment);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
