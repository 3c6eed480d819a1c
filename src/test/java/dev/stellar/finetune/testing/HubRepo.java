package dev.stellar.finetune.testing;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A repository of the fake Hub: immutable commits, branches pointing at them, and the per-repo quirks
 * (gate token, configs whose tree listing carries escaping paths). Mutated by the test thread and read by
 * the server's threads, hence the concurrent maps and volatile fields.
 */
final class HubRepo {

    static final String MODEL = "model";
    static final String DATASET = "dataset";

    /** One commit: its files sorted by path, as the Hub lists siblings. */
    record Commit(String sha, SortedMap<String, HubFile> files) {

        Commit(String sha, Map<String, HubFile> files) {
            this(sha, Collections.unmodifiableSortedMap(new TreeMap<>(files)));
        }
    }

    private final String type;
    private volatile String id;
    private volatile String gateToken;
    private final Map<String, Commit> commitsBySha = new ConcurrentHashMap<>();
    private final Map<String, String> branches = new ConcurrentHashMap<>();
    private final Set<String> escapingConfigs = ConcurrentHashMap.newKeySet();

    HubRepo(String type, String id) {
        this.type = type;
        this.id = id;
    }

    String type() {
        return type;
    }

    String id() {
        return id;
    }

    void renameTo(String newId) {
        this.id = newId;
    }

    boolean isDataset() {
        return DATASET.equals(type);
    }

    /** "models" or "datasets", as in API paths. */
    String apiCollection() {
        return type + "s";
    }

    /** The prefix of resolve URLs: none for models, "datasets/" for data sets. */
    String resolvePrefix() {
        return isDataset() ? "datasets/" : "";
    }

    String gateToken() {
        return gateToken;
    }

    void gate(String token) {
        this.gateToken = token;
    }

    /** Points the branch at a new commit; older commits stay reachable by their sha, as on the Hub. */
    void push(String branch, Commit commit) {
        commitsBySha.put(commit.sha(), commit);
        branches.put(branch, commit.sha());
    }

    Collection<Commit> commits() {
        return commitsBySha.values();
    }

    /** The commit a revision names: a branch name or a full commit sha; null when it names none. */
    Commit commit(String revision) {
        String sha = branches.getOrDefault(revision, revision);
        return commitsBySha.get(sha);
    }

    void addEscapingEntry(String config) {
        escapingConfigs.add(config);
    }

    boolean hasEscapingEntries(String config) {
        return escapingConfigs.contains(config);
    }

    Set<String> escapingConfigs() {
        return Set.copyOf(escapingConfigs);
    }

    /** Deterministic stand-ins for the popularity counters, so search results are stable. */
    long downloads() {
        return Math.floorMod(id.hashCode(), 100_000);
    }

    long likes() {
        return Math.floorMod(id.hashCode() / 7, 1_000);
    }
}
