package dev.stellar.finetune.testing;

import static dev.stellar.finetune.testing.HubExchange.object;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The JSON API under {@code /api/}: repo info, tree listings, the Parquet conversion listing, search. */
final class HubApiRoutes {

    static final String PARQUET_BRANCH = "refs/convert/parquet";

    /** Words that follow a repo id in API paths; after a single segment they mark a legacy id. */
    private static final Set<String> ROUTE_WORDS =
            Set.of("revision", "tree", "parquet", "paths-info", "refs", "commits");

    private static final Pattern PARQUET_FILE = Pattern.compile("([^/]+)/([^/]+)/(\\d{4})\\.parquet");
    private static final Pattern PARQUET_URL_FILE = Pattern.compile("(\\d+)\\.parquet");
    private static final int DEFAULT_LIMIT = 1000;
    private static final String LAST_MODIFIED = "2026-01-01T00:00:00.000Z";
    /** The search's expandable fields the fake knows; another is refused with 400, as the Hub refuses unknown ones. */
    private static final Set<String> EXPANDABLE =
            Set.of("config", "downloads", "likes", "lastModified", "private", "gated");

    private final HubStore store;
    private final HubFaults faults;
    private final HubErrorResponses errors;
    private final String endpoint;

    HubApiRoutes(HubStore store, HubFaults faults, HubErrorResponses errors, String endpoint) {
        this.faults = faults;
        this.store = store;
        this.errors = errors;
        this.endpoint = endpoint;
    }

    /** {@code /api/{models|datasets}/{id}[/...]}. */
    void repo(HubExchange ex, String type) throws IOException {
        if (!ex.isHead() && !"GET".equals(ex.method())) {
            ex.error(405, null, "Method Not Allowed");
            return;
        }
        List<String> segments = ex.segments(2);
        HubStore.Located located = store.locate(type, segments);
        if (located == null) {
            // Ids without namespace (the old "glue") no longer route on the Hub: a bare page-not-found
            // that does not say "repo", so clients must fall back to searching.
            if (segments.size() == 1 || ROUTE_WORDS.contains(segments.get(1))) {
                errors.pageNotFound(ex);
            } else {
                errors.repoNotFound(ex, 404);
            }
        } else if (located.moved()) {
            redirectToCurrentId(ex, located);
        } else {
            route(ex, located.repo(), segments.subList(located.idSegments(), segments.size()));
        }
    }

    private void route(HubExchange ex, HubRepo repo, List<String> rest) throws IOException {
        String word = rest.isEmpty() ? null : rest.get(0);
        if (word == null) {
            info(ex, repo, "main");
        } else if (word.equals("revision") && rest.size() == 2) {
            info(ex, repo, rest.get(1));
        } else if (word.equals("tree") && rest.size() >= 2) {
            tree(ex, repo, rest.get(1), String.join("/", rest.subList(2, rest.size())));
        } else if (word.equals("parquet") && repo.isDataset()) {
            parquet(ex, repo, rest.subList(1, rest.size()));
        } else {
            errors.pageNotFound(ex);
        }
    }

    /** A renamed repo: 307 to the same API path (and query) under the new id, host-less. */
    private void redirectToCurrentId(HubExchange ex, HubStore.Located located) throws IOException {
        List<String> raw = ex.rawSegments();
        String rest = raw.subList(2 + located.idSegments(), raw.size()).stream()
                .map(s -> "/" + s)
                .collect(Collectors.joining());
        String query = ex.rawQuery() == null ? "" : "?" + ex.rawQuery();
        ex.header(
                "Location",
                "/api/" + located.repo().apiCollection() + "/" + located.repo().id() + rest + query);
        ex.headersOnly(307);
    }

    private void info(HubExchange ex, HubRepo repo, String revision) throws IOException {
        HubRepo.Commit commit = repo.commit(revision);
        if (commit == null) {
            errors.revisionNotFound(ex, revision);
            return;
        }
        boolean blobs = Boolean.parseBoolean(ex.param("blobs"));
        List<Map<String, Object>> siblings =
                commit.files().values().stream().map(f -> sibling(f, blobs)).toList();
        Map<String, Object> info = summary(repo);
        info.put("sha", commit.sha());
        info.put("siblings", siblings);
        ex.json(200, info);
    }

    /** The fields that repo info and search results share. */
    private static Map<String, Object> summary(HubRepo repo) {
        String id = repo.id();
        return object(
                "_id",
                HubFile.sha1Hex(repo.type() + id).substring(0, 24),
                "id",
                id,
                "author",
                id.contains("/") ? id.substring(0, id.indexOf('/')) : null,
                "lastModified",
                LAST_MODIFIED,
                "private",
                false,
                "gated",
                repo.gateToken() == null ? (Object) false : "manual",
                "disabled",
                false,
                "downloads",
                repo.downloads(),
                "likes",
                repo.likes(),
                "tags",
                List.of());
    }

    private static Map<String, Object> sibling(HubFile file, boolean blobs) {
        Map<String, Object> sibling = object("rfilename", file.path());
        if (blobs) {
            sibling.put("size", file.size());
            sibling.put("blobId", file.blobId());
            if (file.lfs()) {
                sibling.put(
                        "lfs", object("size", file.size(), "sha256", file.sha256(), "pointerSize", file.pointerSize()));
            }
        }
        return sibling;
    }

    /** {@code tree/{rev}[/{path}][?recursive=true]}: directories and files under path, sorted by path. */
    private void tree(HubExchange ex, HubRepo repo, String revision, String path) throws IOException {
        HubRepo.Commit commit = repo.commit(revision);
        if (commit == null) {
            errors.revisionNotFound(ex, revision);
            return;
        }
        String dir = path.replaceAll("^/+|/+$", "");
        Set<String> directories = directories(commit);
        if (!dir.isEmpty() && !directories.contains(dir)) {
            errors.entryNotFound(ex, commit.sha());
            return;
        }
        boolean recursive = Boolean.parseBoolean(ex.param("recursive"));
        String prefix = dir.isEmpty() ? "" : dir + "/";
        List<Map<String, Object>> entries = new ArrayList<>();
        directories.stream()
                .filter(d -> isListed(d, prefix, recursive))
                .forEach(d -> entries.add(
                        object("type", "directory", "oid", HubFile.sha1Hex(commit.sha() + d), "size", 0, "path", d)));
        commit.files().values().stream()
                .filter(f -> isListed(f.path(), prefix, recursive))
                .forEach(f -> entries.add(fileEntry(f.path(), f)));
        entries.sort(Comparator.comparing(e -> (String) e.get("path")));
        entries.addAll(escapingEntries(repo, dir, recursive));
        if (faults.pagingLoops()) {
            ex.header("Link", "<" + endpoint + ex.pathAndQuery() + ">; rel=\"next\"");
        }
        ex.json(200, entries);
    }

    private static boolean isListed(String path, String prefix, boolean recursive) {
        return path.startsWith(prefix) && (recursive || path.indexOf('/', prefix.length()) < 0);
    }

    /** Every directory that holds a file, at any depth. */
    private static Set<String> directories(HubRepo.Commit commit) {
        Set<String> directories = new TreeSet<>();
        for (String path : commit.files().keySet()) {
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                directories.add(path.substring(0, slash));
            }
        }
        return directories;
    }

    private static Map<String, Object> fileEntry(String path, HubFile file) {
        Map<String, Object> entry = object("type", "file", "oid", file.blobId(), "size", file.size(), "path", path);
        if (file.lfs()) {
            entry.put("lfs", object("oid", file.sha256(), "size", file.size(), "pointerSize", file.pointerSize()));
        }
        return entry;
    }

    /** Hostile paths a client must refuse to write outside its cache: one climbing up, one absolute. */
    private static List<Map<String, Object>> escapingEntries(HubRepo repo, String dir, boolean recursive) {
        boolean listed = dir.isEmpty() ? recursive && !repo.escapingConfigs().isEmpty() : repo.hasEscapingEntries(dir);
        if (!listed) {
            return List.of();
        }
        HubFile bait = HubFile.of("escape.parquet", "PAR1 not really PAR1".getBytes(StandardCharsets.UTF_8), true);
        return Stream.of("../../../escape/0000.parquet", "/abs/x.parquet")
                .map(p -> fileEntry(p, bait))
                .toList();
    }

    /**
     * {@code parquet[/{config}[/{split}[/{n}.parquet]]]}: the conversion branch's files as
     * {config: {split: [url]}}; a file URL redirects to its resolve URL on that branch.
     */
    private void parquet(HubExchange ex, HubRepo repo, List<String> rest) throws IOException {
        if (errors.refusedByGate(ex, repo)) {
            return;
        }
        Map<String, Map<String, List<String>>> listing = parquetListing(repo);
        if (rest.isEmpty()) {
            ex.json(200, listing);
            return;
        }
        Map<String, List<String>> splits = listing.get(rest.get(0));
        if (splits == null) {
            ex.json(404, Map.of("error", "Config not found"));
            return;
        }
        List<String> urls = rest.size() > 1 ? splits.get(rest.get(1)) : null;
        Matcher file = rest.size() == 3 ? PARQUET_URL_FILE.matcher(rest.get(2)) : null;
        if (rest.size() == 1) {
            ex.json(200, splits);
        } else if (urls == null) {
            ex.json(404, Map.of("error", "Split not found"));
        } else if (rest.size() == 2) {
            ex.json(200, urls);
        } else if (file != null && file.matches() && Integer.parseInt(file.group(1)) < urls.size()) {
            String name = String.format("%04d.parquet", Integer.parseInt(file.group(1)));
            ex.header(
                    "Location",
                    endpoint + "/datasets/" + repo.id() + "/resolve/refs%2Fconvert%2Fparquet/" + rest.get(0) + "/"
                            + rest.get(1) + "/" + name);
            ex.headersOnly(302);
        } else {
            errors.pageNotFound(ex);
        }
    }

    private Map<String, Map<String, List<String>>> parquetListing(HubRepo repo) {
        Map<String, Map<String, List<String>>> listing = new LinkedHashMap<>();
        HubRepo.Commit conversion = repo.commit(PARQUET_BRANCH);
        if (conversion == null) {
            return listing;
        }
        for (String path : conversion.files().keySet()) {
            Matcher m = PARQUET_FILE.matcher(path);
            if (m.matches()) {
                String url = endpoint + "/api/datasets/" + repo.id() + "/parquet/" + m.group(1) + "/" + m.group(2) + "/"
                        + Integer.parseInt(m.group(3)) + ".parquet";
                listing.computeIfAbsent(m.group(1), c -> new LinkedHashMap<>())
                        .computeIfAbsent(m.group(2), s -> new ArrayList<>())
                        .add(url);
            }
        }
        return listing;
    }

    /**
     * {@code /api/{models|datasets}?search=q&limit=n[&expand=config&expand=downloads...]}: ids containing q,
     * paged by Link rel="next". With {@code expand}, as on the Hub, only id and the expanded fields come back.
     */
    void search(HubExchange ex, String type) throws IOException {
        List<String> expand = ex.params("expand");
        if (!EXPANDABLE.containsAll(expand)) {
            ex.json(400, Map.of("error", "Invalid expand value: " + expand));
            return;
        }
        int limit;
        int offset;
        try {
            limit = ex.param("limit") == null ? DEFAULT_LIMIT : Integer.parseInt(ex.param("limit"));
            offset = ex.param("cursor") == null ? 0 : decodeCursor(ex.param("cursor"));
        } catch (IllegalArgumentException e) {
            ex.json(400, Map.of("error", "Invalid limit or cursor"));
            return;
        }
        List<HubRepo> found = store.search(type, ex.param("search"));
        int end = Math.min(found.size(), offset + Math.max(limit, 1));
        if (faults.pagingLoops()) {
            ex.header("Link", "<" + endpoint + ex.pathAndQuery() + ">; rel=\"next\"");
        } else if (end < found.size()) {
            ex.header("Link", "<" + nextPage(ex, end) + ">; rel=\"next\"");
        }
        List<HubRepo> page = found.subList(Math.min(offset, end), end);
        ex.json(
                200,
                page.stream()
                        .map(repo -> expand.isEmpty() ? summary(repo) : expanded(repo, expand))
                        .toList());
    }

    /** A search hit with only the fields asked for; {@code config} holds config.json's model_type and architectures. */
    private static Map<String, Object> expanded(HubRepo repo, List<String> expand) {
        Map<String, Object> all = summary(repo);
        Map<String, Object> hit = object("_id", all.get("_id"), "id", repo.id());
        for (String field : expand) {
            if (field.equals("config")) {
                Map<String, Object> config = config(repo);
                if (config != null) {
                    hit.put("config", config);
                }
            } else {
                hit.put(field, all.get(field));
            }
        }
        return hit;
    }

    /** The Hub's digest of the main branch's config.json; null when there is none. */
    private static Map<String, Object> config(HubRepo repo) {
        HubRepo.Commit main = repo.commit("main");
        HubFile file = main == null ? null : main.files().get("config.json");
        if (file == null) {
            return null;
        }
        JsonObject json = JsonParser.parseString(new String(file.content(), StandardCharsets.UTF_8))
                .getAsJsonObject();
        Map<String, Object> config = new LinkedHashMap<>();
        if (json.has("architectures")) {
            List<String> architectures = new ArrayList<>();
            json.getAsJsonArray("architectures").forEach(a -> architectures.add(a.getAsString()));
            config.put("architectures", architectures);
        }
        if (json.has("model_type")) {
            config.put("model_type", json.get("model_type").getAsString());
        }
        return config;
    }

    /** The same URL with the cursor of the next page: every other parameter is kept, as on the Hub. */
    private String nextPage(HubExchange ex, int offset) {
        String kept = ex.rawQuery() == null
                ? ""
                : Stream.of(ex.rawQuery().split("&"))
                        .filter(p -> !p.startsWith("cursor="))
                        .map(p -> p + "&")
                        .collect(Collectors.joining());
        String cursor = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
        return endpoint + ex.rawPath() + "?" + kept + "cursor=" + cursor;
    }

    private static int decodeCursor(String cursor) {
        String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        if (!text.startsWith("offset:")) {
            throw new IllegalArgumentException(cursor);
        }
        return Integer.parseInt(text.substring("offset:".length()));
    }
}
