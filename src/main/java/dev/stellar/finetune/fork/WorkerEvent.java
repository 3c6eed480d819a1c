package dev.stellar.finetune.fork;

import com.google.gson.JsonElement;
import dev.stellar.finetune.log.Progress;

/**
 * One line of the worker's stdout: a log message, a progress update, the job's result or its failure.
 * Exactly one of the payload fields is set, as {@code type} says.
 */
record WorkerEvent(String type, String level, String message, Progress progress, JsonElement result) {

    static final String LOG = "log";
    static final String PROGRESS = "progress";
    static final String RESULT = "result";
    static final String FAILURE = "failure";

    static WorkerEvent log(String level, String message) {
        return new WorkerEvent(LOG, level, message, null, null);
    }

    static WorkerEvent progress(Progress progress) {
        return new WorkerEvent(PROGRESS, null, null, progress, null);
    }

    static WorkerEvent result(JsonElement result) {
        return new WorkerEvent(RESULT, null, null, null, result);
    }

    /** A failure the user can act on from the message alone. */
    static WorkerEvent failure(String message) {
        return new WorkerEvent(FAILURE, "error", message, null, null);
    }

    /** An unexpected failure: the worker's log holds the stack trace. */
    static WorkerEvent crash(String message) {
        return new WorkerEvent(FAILURE, "crash", message, null, null);
    }
}
