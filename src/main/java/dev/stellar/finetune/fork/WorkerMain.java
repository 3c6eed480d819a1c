package dev.stellar.finetune.fork;

import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.pipeline.Job;
import dev.stellar.finetune.pipeline.JobResult;
import dev.stellar.finetune.pipeline.JobRunner;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The worker JVM's entry point: reads the job file, runs it, and reports on stdout as JSON events.
 * Anything else that prints to System.out is redirected to the log, so the event stream stays clean.
 */
public final class WorkerMain {

    private WorkerMain() {}

    public static void main(String[] args) {
        PrintStream events = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream logFile = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.setOut(logFile);
        // DJL's own messages: warnings and errors only, into the worker's log.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        // On machines without a GPU DJL warns on every start that CUDA is missing: expected, so hidden.
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        EventLog log = new EventLog(events, logFile);
        OrphanGuard.start(System.in, logFile);
        int exit = 0;
        Job job = null;
        try {
            job = Json.read(Path.of(args[0]), Job.class);
            JobResult result = JobRunner.run(job, log, System.getenv());
            log.send(WorkerEvent.result(Json.tree(result)));
        } catch (FinetuneException e) {
            logFile.println("[ERROR] " + e.getMessage());
            e.printStackTrace(logFile);
            log.send(WorkerEvent.failure(e.getMessage()));
            exit = 1;
        } catch (RuntimeException | Error e) {
            e.printStackTrace(logFile);
            log.send(
                    outOfNativeMemory(e) && job != null
                            ? WorkerEvent.failure(outOfMemoryMessage(job))
                            : WorkerEvent.crash("The fine-tuning worker failed unexpectedly: " + e));
            exit = 1;
        }
        logFile.flush();
        events.flush();
        // The engine's native threads must not keep the JVM alive.
        System.exit(exit);
    }

    /** libtorch's allocator reports a failed allocation as an exception through DJL. */
    private static boolean outOfNativeMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage());
            if (t instanceof OutOfMemoryError || text.contains("can't allocate memory") || text.contains("bad_alloc")) {
                return true;
            }
        }
        return false;
    }

    private static String outOfMemoryMessage(Job job) {
        return "The engine ran out of memory with batchSize "
                + job.settings().training().batchSize()
                + " and maxLength " + job.settings().data().maxLength() + ". Fix: lower batchSize or maxLength (or"
                + " give the machine more memory).";
    }
}
