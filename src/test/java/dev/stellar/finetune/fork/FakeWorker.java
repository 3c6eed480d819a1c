package dev.stellar.finetune.fork;

import com.google.gson.JsonObject;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stands in for the worker JVM in launcher tests: its "job file" names what to do, so each test sees
 * one behaviour of a real worker (a result, a reported failure, an abort, an out-of-memory, a long silence).
 */
public final class FakeWorker {

    private FakeWorker() {}

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
