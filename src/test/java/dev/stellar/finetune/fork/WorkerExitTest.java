package dev.stellar.finetune.fork;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker's exit code explained in the terms of its OS: POSIX signals, Windows NTSTATUS codes. */
class WorkerExitTest {

    private static final WorkerExit POSIX = new WorkerExit(false);
    private static final WorkerExit WINDOWS = new WorkerExit(true);
    private static final String HEAP = " because it ran out of Java heap with batchSize 32 (lower batchSize or"
            + " maxLength, or raise -Xmx in <jvmArgs>)";
    private static final List<String> QUIET = List.of("[INFO] starting");

    @TempDir
    Path temp;

    @Test
    void onPosixASignalIsNamedAndExitCodeThreeIsTheJavaHeap() {
        assertEquals(HEAP, POSIX.cause(3, QUIET, " with batchSize 32"));
        assertEquals(" (aborted by native code)", POSIX.cause(134, QUIET, ""));
        assertTrue(POSIX.cause(137, QUIET, "").contains("out-of-memory killer"));
        assertEquals(" (a native crash)", POSIX.cause(139, QUIET, ""));
    }

    @Test
    void onWindowsExitCodeThreeIsAnAbortUnlessTheJvmSaidItRanOutOfHeap() {
        assertEquals(" (aborted by native code)", WINDOWS.cause(3, QUIET, " with batchSize 32"));
        assertEquals(
                HEAP,
                WINDOWS.cause(
                        3,
                        List.of("Terminating due to java.lang.OutOfMemoryError: Java heap space"),
                        " with batchSize 32"));
    }

    @Test
    void onWindowsAnNtStatusIsNamedAndPosixSignalNumbersMeanNothing() {
        assertEquals(" (a native crash: access violation)", WINDOWS.cause(0xC0000005, QUIET, ""));
        assertEquals(" (aborted by native code)", WINDOWS.cause(0xC0000409, QUIET, ""));
        assertEquals(" (a native crash: stack overflow)", WINDOWS.cause(0xC00000FD, QUIET, ""));
        assertEquals("", WINDOWS.cause(137, QUIET, ""), "no out-of-memory killer on Windows");
    }

    @Test
    void aWindowsLogIsQuotedWithoutItsCarriageReturns() throws Exception {
        Path log = Files.writeString(temp.resolve("worker.log"), "first\r\nsecond\r\n");
        String message = WorkerLauncher.crashMessage(7, 0xC0000005, log, List.of(), "", WINDOWS);
        assertTrue(message.endsWith(":\n  first\n  second"), message);
        assertFalse(message.contains("\r"), message);
    }
}
