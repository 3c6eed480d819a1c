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

    private final NextRequests failures = new NextRequests();
    private final NextRequests silences = new NextRequests();
    private final Map<String, Deque<Cut>> cuts = new HashMap<>();
    private boolean pagingLoop;
    private boolean redirectLoop;
    private final Set<String> corrupted = new HashSet<>();

    /** A fault for the next few requests: how many are left, and its value (a status, a delay). */
    private static final class NextRequests {

        private int left;
        private long value;

        synchronized void set(int count, long forEach) {
            left = count;
            value = forEach;
        }

        /** The value for this request, or 0 when none are left. */
        synchronized long take() {
            if (left <= 0) {
                return 0;
            }
            left--;
            return value;
        }
    }

    void failNext(int count, int status) {
        failures.set(count, status);
    }

    /** The status to fail this request with, or 0 when no failures are left. */
    int takeFailure() {
        return (int) failures.take();
    }

    /**
     * How a GET of a file ends early: after afterBytes of the body the connection is dropped, or, when
     * stallMillis is above 0, the server goes silent that long (the connection open) before dropping it.
     */
    record Cut(long afterBytes, long stallMillis) {}

    /** Queued, so that calling it twice cuts the next two GETs. */
    synchronized void cutOnce(String path, Cut cut) {
        cuts.computeIfAbsent(path, p -> new ArrayDeque<>()).add(cut);
    }

    /** How to cut this GET of one of these paths short, or null to send it all. */
    synchronized Cut takeCut(Collection<String> paths) {
        for (String path : paths) {
            Deque<Cut> queued = cuts.get(path);
            if (queued != null && !queued.isEmpty()) {
                return queued.poll();
            }
        }
        return null;
    }

    void silenceNext(int count, long millis) {
        silences.set(count, millis);
    }

    /** How long to keep this request waiting before its answer, or 0. */
    long takeSilence() {
        return silences.take();
    }

    synchronized void loopRedirects() {
        redirectLoop = true;
    }

    synchronized boolean redirectsLoop() {
        return redirectLoop;
    }

    synchronized void loopPaging() {
        pagingLoop = true;
    }

    /** Whether listings answer with a next-page link to themselves. */
    synchronized boolean pagingLoops() {
        return pagingLoop;
    }

    synchronized void corrupt(String path) {
        corrupted.add(path);
    }

    synchronized boolean isCorrupted(Collection<String> paths) {
        return paths.stream().anyMatch(corrupted::contains);
    }
}
