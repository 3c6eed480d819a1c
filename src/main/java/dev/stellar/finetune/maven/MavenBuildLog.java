package dev.stellar.finetune.maven;

import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.log.Progress;
import java.io.PrintStream;
import org.apache.maven.plugin.logging.Log;

/**
 * The core's log printed through Maven's logger. Progress is an in-place bar in an interactive console
 * and, in batch mode (CI, -B, no terminal), a plain line at most every {@value #BATCH_INTERVAL_SECONDS}
 * seconds, as Maven's own transfers and Jib do.
 */
final class MavenBuildLog implements BuildLog {

    private static final int BATCH_INTERVAL_SECONDS = 15;
    private static final int BAR_WIDTH = 30;

    private final Log log;
    private final boolean interactive;
    private final PrintStream console;
    private long lastLineNanos = System.nanoTime();
    private boolean barShown;

    MavenBuildLog(Log log, boolean interactive, PrintStream console) {
        this.log = log;
        this.interactive = interactive;
        this.console = console;
    }

    /** In-place drawing only with a real terminal in interactive mode. */
    static boolean interactiveConsole(boolean interactiveMode) {
        String term = System.getenv("TERM");
        return interactiveMode && isTerminal(System.console()) && term != null && !term.equals("dumb");
    }

    /**
     * Before Java 22 System.console() is null without a terminal; from 22 on it is always there, and
     * Console.isTerminal() tells.
     */
    @SuppressWarnings("SystemConsoleNull")
    private static boolean isTerminal(java.io.Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException beforeJava22) {
            return true;
        }
    }

    @Override
    public void info(String message) {
        clearBar();
        log.info(message);
    }

    @Override
    public void warn(String message) {
        clearBar();
        log.warn(message);
    }

    @Override
    public void debug(String message) {
        if (log.isDebugEnabled()) {
            clearBar();
            log.debug(message);
        }
    }

    @Override
    public void progress(Progress progress) {
        if (interactive) {
            drawBar(progress);
            return;
        }
        long now = System.nanoTime();
        if (progress.done() < progress.total() && now - lastLineNanos >= BATCH_INTERVAL_SECONDS * 1_000_000_000L) {
            lastLineNanos = now;
            log.info(progress.describe());
        }
    }

    private void drawBar(Progress progress) {
        int filled = (int) Math.round(progress.fraction() * BAR_WIDTH);
        String bar = "[" + "=".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] ";
        console.print("\r" + bar + progress.describe() + "\u001b[K");
        console.flush();
        barShown = true;
        if (progress.done() >= progress.total()) {
            clearBar();
        }
    }

    private void clearBar() {
        if (barShown) {
            console.print("\r\u001b[K");
            console.flush();
            barShown = false;
        }
    }
}
