package dev.stellar.finetune.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The fake Hub's repositories by type and current id, and the old ids of renamed ones. */
final class HubStore {

    /** Where a repo id sits in a request path: the repo, how many path segments its id took, and whether
     * the path used an old id (the answer is then a redirect to the current one). */
    record Located(HubRepo repo, int idSegments, boolean moved) {}

    private final Map<String, HubRepo> repos = new LinkedHashMap<>();
    private final Map<String, HubRepo> oldIds = new LinkedHashMap<>();
    private final AtomicLong commitCounter = new AtomicLong();

    /** The repo with that id, created empty when new. */
    synchronized HubRepo repo(String type, String id) {
        return repos.computeIfAbsent(key(type, id), k -> new HubRepo(type, id));
    }

    synchronized HubRepo existing(String type, String id) {
        HubRepo repo = repos.get(key(type, id));
        if (repo == null) {
            throw new IllegalArgumentException("No " + type + " repo " + id + " on the fake Hub");
        }
        return repo;
    }

    /** Every repo (of any type) with that id, for the calls that take only an id. */
    synchronized List<HubRepo> existingWithId(String id) {
        List<HubRepo> found =
                repos.values().stream().filter(r -> r.id().equals(id)).toList();
        if (found.isEmpty()) {
            throw new IllegalArgumentException("No repo " + id + " on the fake Hub");
        }
        return found;
    }

    /**
     * The old id answers redirects to the repo. Either the repo sits at the old id and moves, or it
     * already sits at the new id (added there) and only the old id's redirect is added.
     */
    synchronized void rename(String type, String oldId, String newId) {
        HubRepo atOld = repos.get(key(type, oldId));
        HubRepo atNew = repos.get(key(type, newId));
        if (atOld != null && atNew != null) {
            throw new IllegalArgumentException(type + " repos " + oldId + " and " + newId + " both exist");
        }
        if (atOld == null && atNew == null) {
            throw new IllegalArgumentException("No " + type + " repo " + oldId + " or " + newId + " on the fake Hub");
        }
        HubRepo repo = atNew;
        if (atOld != null) {
            repos.remove(key(type, oldId));
            atOld.renameTo(newId);
            repos.put(key(type, newId), atOld);
            repo = atOld;
        }
        oldIds.put(key(type, oldId), repo);
    }

    /**
     * A fresh, unique, reproducible 40-hex commit id: the same sequence of calls gives the same ids, and
     * pushing the same files twice still gives two commits.
     */
    String newCommitSha(HubRepo repo, String branch, Map<String, HubFile> files) {
        StringBuilder text = new StringBuilder("commit ").append(commitCounter.incrementAndGet());
        text.append(' ')
                .append(repo.type())
                .append(' ')
                .append(repo.id())
                .append(' ')
                .append(branch);
        files.values()
                .forEach(f -> text.append('\n').append(f.path()).append(' ').append(f.blobId()));
        return HubFile.sha1Hex(text.toString());
    }

    /**
     * The repo whose id starts the given path segments. Ids have one or two segments; the longer match
     * wins, and current ids win over old ones. Null when no id matches.
     */
    synchronized Located locate(String type, List<String> segments) {
        for (int n = Math.min(2, segments.size()); n >= 1; n--) {
            String id = String.join("/", segments.subList(0, n));
            HubRepo repo = repos.get(key(type, id));
            if (repo != null) {
                return new Located(repo, n, false);
            }
            HubRepo moved = oldIds.get(key(type, id));
            if (moved != null) {
                return new Located(moved, n, true);
            }
        }
        return null;
    }

    /** Repos of that type whose id contains the query (case-insensitive), in the order they were added. */
    synchronized List<HubRepo> search(String type, String query) {
        String needle = query == null ? "" : query.toLowerCase(Locale.ROOT);
        List<HubRepo> found = new ArrayList<>();
        for (HubRepo repo : repos.values()) {
            if (repo.type().equals(type) && repo.id().toLowerCase(Locale.ROOT).contains(needle)) {
                found.add(repo);
            }
        }
        return found;
    }

    /** Every LFS file with that content, in any repo and commit: what a CDN URL serves. */
    synchronized List<HubFile> lfsFilesWithSha256(String sha256) {
        List<HubFile> found = new ArrayList<>();
        for (HubRepo repo : repos.values()) {
            repo.commits()
                    .forEach(c -> c.files().values().stream()
                            .filter(f -> f.lfs() && f.sha256().equals(sha256))
                            .forEach(found::add));
        }
        return found;
    }

    private static String key(String type, String id) {
        return type + ":" + id;
    }
}
