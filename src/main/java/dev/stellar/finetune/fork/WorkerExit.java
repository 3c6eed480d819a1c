package dev.stellar.finetune.fork;

import dev.stellar.finetune.engine.NativePlatform;
import java.util.List;

/**
 * Why the worker JVM ended, read from its exit code in the terms of the OS it ran on. POSIX reports a signal as
 * 128 + its number (134 abort, 137 kill, 139 segmentation fault); Windows has no signals and reports an
 * NTSTATUS instead (0xC0000005 access violation, 0xC0000409 fail-fast), and there abort() exits with 3, the code
 * -XX:+ExitOnOutOfMemoryError uses everywhere, so on Windows only the JVM's own out-of-memory line tells them
 * apart.
 */
final class WorkerExit {

    private static final int WINDOWS_ACCESS_VIOLATION = 0xC0000005;
    private static final int WINDOWS_STACK_OVERFLOW = 0xC00000FD;
    private static final int WINDOWS_FAIL_FAST = 0xC0000409; // abort() and std::terminate in today's C runtime
    private static final int WINDOWS_ABORT = 3; // abort() in older C runtimes
    private static final int EXIT_ON_OUT_OF_MEMORY = 3;

    private final boolean windows;

    WorkerExit(boolean windows) {
        this.windows = windows;
    }

    static WorkerExit current() {
        return new WorkerExit(NativePlatform.current().os().equals("win"));
    }

    /**
     * @param tail the last lines of the worker's log and stdout
     * @param memorySettings " with batchSize .. and maxLength ..", or empty
     * @return the cause as the end of a sentence ("ended with exit code N" + cause), or empty when unknown
     */
    String cause(int exit, List<String> tail, String memorySettings) {
        boolean outOfMemory = (exit == EXIT_ON_OUT_OF_MEMORY && !windows)
                || tail.stream().anyMatch(l -> l.contains("OutOfMemoryError"));
        if (outOfMemory) {
            return " because it ran out of Java heap" + memorySettings + " (lower batchSize or maxLength, or raise -Xmx"
                    + " in <jvmArgs>)";
        }
        if (exit == 0) {
            return " without reporting a result";
        }
        return windows ? windowsCause(exit) : posixCause(exit, memorySettings);
    }

    private static String posixCause(int exit, String memorySettings) {
        return switch (exit) {
            case 134 -> " (aborted by native code)";
            case 137 ->
                " (killed: if it was not you, the system's out-of-memory killer ended it" + memorySettings
                        + "; lower batchSize or maxLength)";
            case 139 -> " (a native crash)";
            default -> "";
        };
    }

    private static String windowsCause(int exit) {
        return switch (exit) {
            case WINDOWS_ABORT, WINDOWS_FAIL_FAST -> " (aborted by native code)";
            case WINDOWS_ACCESS_VIOLATION -> " (a native crash: access violation)";
            case WINDOWS_STACK_OVERFLOW -> " (a native crash: stack overflow)";
            default -> "";
        };
    }
}
