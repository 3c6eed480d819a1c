package dev.stellar.finetune.log;

/**
 * Where the core reports what it does. The Maven side prints it through Maven's logger; the forked
 * worker sends it to the Maven side as events. Nothing secret is ever passed here.
 */
public interface BuildLog {

    void info(String message);

    void warn(String message);

    void debug(String message);

    /** A progress update of a long task; the receiver decides how often and how to show it. */
    void progress(Progress progress);
}
