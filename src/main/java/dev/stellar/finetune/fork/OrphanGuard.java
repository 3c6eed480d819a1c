package dev.stellar.finetune.fork;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * Ends the worker within seconds of the build that started it going away, even while the worker writes
 * nothing (a silent download, a long step): the launcher holds the worker's standard input open until it
 * is done, so end-of-file there means the Maven JVM is gone; the exit of the parent process is a second
 * sign. Otherwise a killed build (SIGKILL, a crashed CI agent) would leave a worker training on.
 */
final class OrphanGuard {

    /** The worker's exit code when the build is gone. */
    static final int BUILD_GONE = 2;

    private OrphanGuard() {}

    /** Starts the watch; {@code logFile} is the worker's own log, which says why it stopped. */
    static void start(InputStream fromLauncher, PrintStream logFile) {
        Thread stdin = new Thread(
                () -> {
                    byte[] buffer = new byte[256];
                    try {
                        while (fromLauncher.read(buffer) >= 0) {
                            // nothing is sent; only the end matters
                        }
                    } catch (IOException e) {
                        // a broken pipe is the same news as its end
                    }
                    stop(logFile, "its standard input closed");
                },
                "finetune-orphan-guard");
        stdin.setDaemon(true);
        stdin.start();
        ProcessHandle.current().parent().ifPresent(parent -> {
            var unused = parent.onExit().thenRun(() -> stop(logFile, "its parent process " + parent.pid() + " ended"));
        });
    }

    /** Says why in the worker's log and ends at once: no shutdown hook may wait on the engine. */
    static void stop(PrintStream logFile, String why) {
        synchronized (logFile) {
            logFile.println("[ERROR] The build that started this worker has stopped (" + why + "); stopping too.");
            logFile.flush();
        }
        Runtime.getRuntime().halt(BUILD_GONE);
    }
}
