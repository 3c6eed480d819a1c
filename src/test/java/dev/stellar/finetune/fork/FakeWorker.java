package dev.stellar.finetune.fork;

import com.google.gson.JsonObject;
import dev.stellar.finetune.io.AtomicFiles;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stands in for the worker JVM in launcher tests: its "job file" names what to do, so each test sees
 * one behaviour of a real worker (a result, a reported failure, an abort, an out-of-memory, a long silence, a
 * JVM crash, the paths it was given).
 */
public final class FakeWorker {

    private FakeWorker() {}

    /** A JVM of its own running {@code mainClass} of the test classpath with {@code args}. */
    static ProcessBuilder java(Class<?> mainClass, Path... args) {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                WorkerLauncher.currentJava().toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass.getName()));
        for (Path arg : args) {
            command.add(arg.toString());
        }
        return new ProcessBuilder(command);
    }

    /** Waits (up to a minute) until a fake worker has logged the start of {@code behaviour} into {@code log}. */
    static void awaitStart(Path log, String behaviour, Process starter) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!Files.isRegularFile(log) || !Files.readString(log).contains("starting " + behaviour)) {
            if (System.nanoTime() > deadline || !starter.isAlive()) {
                throw new AssertionError("the fake worker did not start");
            }
            Thread.sleep(20);
        }
    }

    public static void main(String[] args) throws Exception {
        String behaviour = Files.readString(Path.of(args[0])).trim();
        PrintStream events = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        EventLog log = new EventLog(events, System.err);
        OrphanGuard.start(System.in, System.err);
        log.info("starting " + behaviour);
        events.println("native noise that is not an event");
        switch (behaviour) {
            case "result" -> {
                JsonObject result = new JsonObject();
                result.addProperty("answer", 42);
                log.send(WorkerEvent.result(result));
            }
            case "failure" -> {
                log.send(WorkerEvent.failure("Invalid maxLength = 4: too small. Fix: raise it"));
                Runtime.getRuntime().halt(1);
            }
            case "abort" -> {
                for (int i = 1; i <= 30; i++) {
                    System.err.println("native line " + i);
                }
                Runtime.getRuntime().halt(134);
            }
            case "paths" -> { // what the worker saw of its job file, and a file it wrote beside it
                Path job = Path.of(args[0]);
                AtomicFiles.writeString(job.resolveSibling("out put").resolve("written.txt"), "written");
                JsonObject result = new JsonObject();
                result.addProperty("jobFile", job.toString());
                log.send(WorkerEvent.result(result));
            }
            case "heap" -> { // with -XX:+CrashOnOutOfMemoryError: a JVM crash that writes its error file
                java.util.List<long[]> heap = new java.util.ArrayList<>();
                for (int i = 0; i < Integer.MAX_VALUE; i++) {
                    heap.add(new long[1 << 20]);
                }
                System.err.println("kept " + heap.size() + " MiB");
            }
            case "silent" -> Thread.sleep(60_000); // a long step that reports nothing
            case "oom" -> {
                System.err.println("Terminating due to java.lang.OutOfMemoryError: Java heap space");
                Runtime.getRuntime().halt(3);
            }
            default -> throw new IllegalArgumentException(behaviour);
        }
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
