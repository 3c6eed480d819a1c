package dev.stellar.finetune.fork;

import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.log.Progress;
import java.io.PrintStream;

/**
 * The worker's BuildLog: every message goes to the Maven side as a JSON event on the event stream, and
 * as a plain line to the worker's own log (its stderr, which the launcher sends to a file).
 */
final class EventLog implements BuildLog {

    private final PrintStream events;
    private final PrintStream logFile;

    EventLog(PrintStream events, PrintStream logFile) {
        this.events = events;
        this.logFile = logFile;
    }

    @Override
    public void info(String message) {
        emit(WorkerEvent.log("info", message), "[INFO] " + message);
    }

    @Override
    public void warn(String message) {
        emit(WorkerEvent.log("warn", message), "[WARNING] " + message);
    }

    @Override
    public void debug(String message) {
        emit(WorkerEvent.log("debug", message), "[DEBUG] " + message);
    }

    @Override
    public void progress(Progress progress) {
        send(WorkerEvent.progress(progress));
    }

    void send(WorkerEvent event) {
        synchronized (events) {
            events.println(Json.compact(event));
            events.flush();
            if (events.checkError()) {
                // Nobody reads the events any more: the build that started this worker is gone.
                OrphanGuard.stop(logFile, "nobody reads its events");
            }
        }
    }

    private void emit(WorkerEvent event, String line) {
        send(event);
        logFile.println(line);
        logFile.flush();
    }
}
