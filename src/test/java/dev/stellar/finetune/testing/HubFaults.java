package dev.stellar.finetune.testing;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The faults a test asked for; set by the test thread, consumed by the server's threads. */
final class HubFaults {

    private int failuresLeft;
    private int failureStatus;
    private final Map<String, Deque<Long>> drops = new HashMap<>();
    private final Set<String> corrupted = new HashSet<>();

    synchronized void failNext(int count, int status) {
        failuresLeft = count;
        failureStatus = status;
    }

    /** The status to fail this request with, or 0 when no failures are left. */
    synchronized int takeFailure() {
        if (failuresLeft <= 0) {
            return 0;
        }
        failuresLeft--;
        return failureStatus;
    }

    /** Queued, so that calling it twice drops the next two GETs. */
    synchronized void dropOnce(String path, long afterBytes) {
        drops.computeIfAbsent(path, p -> new ArrayDeque<>()).add(afterBytes);
    }

    /** How many body bytes to send before dropping this GET of one of these paths, or -1 to send all. */
    synchronized long takeDrop(Collection<String> paths) {
        for (String path : paths) {
            Deque<Long> queued = drops.get(path);
            if (queued != null && !queued.isEmpty()) {
                return queued.poll();
            }
        }
        return -1;
    }

    synchronized void corrupt(String path) {
        corrupted.add(path);
    }

    synchronized boolean isCorrupted(Collection<String> paths) {
        return paths.stream().anyMatch(corrupted::contains);
    }
}
