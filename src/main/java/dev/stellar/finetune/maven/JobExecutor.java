package dev.stellar.finetune.maven;

import dev.stellar.finetune.fork.WorkerLauncher;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.pipeline.Job;
import dev.stellar.finetune.pipeline.JobResult;
import dev.stellar.finetune.pipeline.JobRunner;
import java.nio.file.Path;
import java.util.List;

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

    JobResult execute(Job job, BuildLog log) {
        if (!fork) {
            return inProcess(job, log);
        }
        var layout = job.settings().layout();
        Path jobFile = layout.jobsDirectory().resolve(job.name() + ".json");
        Json.write(jobFile, job);
        Path logFile = layout.logsDirectory().resolve(job.name() + ".log");
        var result = new WorkerLauncher(WorkerLauncher.currentJava(), classpath, jvmArgs).run(jobFile, logFile, log);
        return Json.fromTree(result, JobResult.class);
    }

    /** The engine finds itself through the context class loader, which must be the plugin's. */
    private static JobResult inProcess(Job job, BuildLog log) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(JobExecutor.class.getClassLoader());
        try {
            return JobRunner.run(job, log);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
