package dev.stellar.finetune.fork;

import com.google.gson.JsonElement;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.log.BuildLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs a job in a fresh JVM started with the given classpath (the plugin's, plus the platform's libtorch jar),
 * relays its events to the build's log and returns its result. Native code (libtorch, the tokenizer, DuckDB) then never loads into the
 * Maven JVM, and a native crash or an out-of-memory ends the worker, not the build.
 */
public final class WorkerLauncher {

    private static final int LOG_TAIL_LINES = 20;

    private final Path javaExecutable;
    private final List<Path> classpath;
    private final List<String> jvmArgs;
    private final String mainClass;
    private final CLibrary cLibrary;

    public WorkerLauncher(Path javaExecutable, List<Path> classpath, List<String> jvmArgs) {
        this(javaExecutable, classpath, jvmArgs, WorkerMain.class.getName());
    }

    /** With another main class speaking the same event protocol (tests use fake workers). */
    WorkerLauncher(Path javaExecutable, List<Path> classpath, List<String> jvmArgs, String mainClass) {
        this(javaExecutable, classpath, jvmArgs, mainClass, CLibrary.current());
    }

    /** On a given C library (tests pretend another platform's). */
    WorkerLauncher(
            Path javaExecutable, List<Path> classpath, List<String> jvmArgs, String mainClass, CLibrary cLibrary) {
        this.javaExecutable = javaExecutable;
        this.classpath = List.copyOf(classpath);
        this.jvmArgs = List.copyOf(jvmArgs);
        this.mainClass = mainClass;
        this.cLibrary = cLibrary;
    }

    /** The java of the running JVM: the worker runs on the same Java as Maven. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * @param jobFile the job, as JSON, that {@link WorkerMain} reads
     * @param logFile where the worker's own log goes (overwritten)
     * @param environment variables added to the worker's environment (a token goes here, never into the job file)
     * @return the job's result as the worker reported it
     */
    public JsonElement run(Path jobFile, Path logFile, BuildLog log, java.util.Map<String, String> environment) {
        return run(jobFile, logFile, log, environment, "");
    }

    /**
     * @param memorySettings the settings that decide the worker's memory use, e.g. "batchSize 32 and maxLength
     *     128", named in an out-of-memory message
     */
    public JsonElement run(
            Path jobFile,
            Path logFile,
            BuildLog log,
            java.util.Map<String, String> environment,
            String memorySettings) {
        List<String> command = command(jobFile, logFile);
        log.debug("Starting the worker: " + String.join(" ", command));
        Process process;
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.to(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(environment);
            tuneNativeAllocator(builder.environment(), cLibrary);
            capPrimitiveCache(builder.environment());
            // The worker's stdin stays open while it runs: its end tells the worker that the build is gone.
            process = builder.start();
        } catch (IOException e) {
            throw new FinetuneException("Cannot start the worker JVM (" + javaExecutable + "): " + e.getMessage(), e);
        }
        // Ctrl+C on the build stops the worker too.
        Process worker = process;
        Thread stopWorker = new Thread(worker::destroyForcibly, "finetune-worker-stop");
        Runtime.getRuntime().addShutdownHook(stopWorker);
        try {
            return collect(process, logFile, log, memorySettings);
        } finally {
            closeQuietly(process);
            try {
                Runtime.getRuntime().removeShutdownHook(stopWorker);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: nothing left to do
            }
        }
    }

    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // the worker has ended: nothing to tell it
        }
    }

    private JsonElement collect(Process process, Path logFile, BuildLog log, String memorySettings) {
        JsonElement result = null;
        WorkerEvent failure = null;
        List<String> stray = new ArrayList<>(); // the JVM prints its own fatal messages to stdout
        try (BufferedReader events =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = events.readLine()) != null) {
                WorkerEvent event = parse(line);
                if (event == null) {
                    log.debug("[worker] " + line);
                    stray.add(line);
                    if (stray.size() > LOG_TAIL_LINES) {
                        stray.remove(0);
                    }
                    continue;
                }
                switch (event.type()) {
                    case WorkerEvent.LOG -> relay(event, log);
                    case WorkerEvent.PROGRESS -> log.progress(event.progress());
                    case WorkerEvent.RESULT -> result = event.result();
                    case WorkerEvent.FAILURE -> failure = event;
                    default -> log.debug("[worker] " + line);
                }
            }
            int exit = process.waitFor();
            if (failure != null) {
                throw new FinetuneException(
                        "crash".equals(failure.level())
                                ? failure.message() + ". The stack trace is in the worker's log " + logFile
                                : failure.message());
            }
            if (exit != 0 || result == null) {
                throw new FinetuneException(
                        crashMessage(process.pid(), exit, logFile, stray, memorySettings, WorkerExit.current()));
            }
            return result;
        } catch (IOException e) {
            process.destroyForcibly();
            throw new FinetuneException("Lost contact with the worker JVM: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new FinetuneException("Interrupted while the worker JVM was running; it was stopped.", e);
        }
    }

    /**
     * libtorch allocates and frees tensors of tens of megabytes every step (gradients, optimizer
     * temporaries); glibc serves blocks over 32 MB with fresh mmaps, so every step pays page faults.
     * Keeping them on the heap made a MiniLM optimizer step 2-5x faster here. A user's own setting wins. Only
     * glibc reads these variables: other allocators (musl, macOS, Windows) get nothing that could mean something
     * else to them.
     */
    static void tuneNativeAllocator(java.util.Map<String, String> environment, CLibrary cLibrary) {
        if (cLibrary != CLibrary.GLIBC) {
            return;
        }
        environment.putIfAbsent("MALLOC_MMAP_MAX_", "0");
        environment.putIfAbsent("MALLOC_TRIM_THRESHOLD_", "4294967296");
    }

    /**
     * oneDNN, which runs libtorch's bf16 products on a CPU, keeps up to 1,024 compiled primitives, each with its
     * own scratch memory, and dynamic padding gives it a new shape almost every batch: the cache held about 300 MB
     * of a MiniLM bf16 fine-tune's 1.9 GB peak (uci-sentiment, freeze 0). Sixteen keep the shapes a step repeats
     * and cost no measurable time there (46.3 s against 47.3 s for the whole build). A user's own setting wins.
     */
    static void capPrimitiveCache(java.util.Map<String, String> environment) {
        environment.putIfAbsent(PRIMITIVE_CACHE_CAPACITY, "16");
    }

    static final String PRIMITIVE_CACHE_CAPACITY = "ONEDNN_PRIMITIVE_CACHE_CAPACITY";

    List<String> command(Path jobFile, Path logFile) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable.toString());
        command.addAll(jvmArgs);
        // Out of memory: end at once with a recognisable line rather than limp on.
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-XX:ErrorFile=" + errorFilePattern(logFile.toAbsolutePath().getParent()) + "hs_err_pid%p.log");
        command.add("-cp");
        command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
        command.add(mainClass);
        command.add(jobFile.toString());
        return command;
    }

    /**
     * The folder as the start of a {@code -XX:ErrorFile} pattern: the JVM expands {@code %p} (and {@code %%}) in the
     * whole value, so a '%' of the path is doubled (a project in "100%pure" would otherwise write its crash report
     * into "100<pid>ure"). Ends with the platform's separator.
     */
    static String errorFilePattern(Path folder) {
        return folder.toString().replace("%", "%%") + folder.getFileSystem().getSeparator();
    }

    private static WorkerEvent parse(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            WorkerEvent event = Json.parse(line, WorkerEvent.class);
            return event != null && event.type() != null ? event : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void relay(WorkerEvent event, BuildLog log) {
        switch (event.level() == null ? "info" : event.level()) {
            case "warn" -> log.warn(event.message());
            case "debug" -> log.debug(event.message());
            default -> log.info(event.message());
        }
    }

    static String crashMessage(
            long pid, int exit, Path logFile, List<String> stdout, String memorySettings, WorkerExit exits) {
        List<String> tail = new ArrayList<>(tail(logFile));
        tail.addAll(stdout);
        String cause = exits.cause(exit, tail, memorySettings.isEmpty() ? "" : " with " + memorySettings);
        return "The fine-tuning worker JVM (pid " + pid + ") ended with exit code " + exit + cause + ". Last lines of"
                + " its log " + logFile + ":\n  " + String.join("\n  ", tail);
    }

    private static List<String> tail(Path logFile) {
        try {
            // Native libraries write what they like to stderr; decode leniently. Windows ends lines with \r\n.
            List<String> lines =
                    List.of(new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).split("\r?\n"));
            return lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
        } catch (IOException | RuntimeException e) {
            return List.of("(the log could not be read: " + e.getMessage() + ")");
        }
    }
}
