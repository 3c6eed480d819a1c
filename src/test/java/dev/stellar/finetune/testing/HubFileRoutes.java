package dev.stellar.finetune.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * File downloads: {@code HEAD}/{@code GET {prefix}{id}/resolve/{rev}/{path}} and the CDN that LFS files
 * redirect to. Bodies honour single byte ranges and carry the injected faults (dropped connections,
 * corrupted content).
 */
final class HubFileRoutes {

    private final HubStore store;
    private final HubFaults faults;
    private final HubErrorResponses errors;
    private final String endpoint;

    HubFileRoutes(HubStore store, HubFaults faults, HubErrorResponses errors, String endpoint) {
        this.store = store;
        this.faults = faults;
        this.errors = errors;
        this.endpoint = endpoint;
    }

    /** {@code [datasets/]{id}/resolve/{rev}/{path}}; anything else is an unknown page. */
    void resolve(HubExchange ex) throws IOException {
        boolean dataset = !ex.rawSegments().isEmpty() && ex.rawSegments().get(0).equals("datasets");
        int start = dataset ? 1 : 0;
        List<String> segments = ex.segments(start);
        HubStore.Located located = store.locate(dataset ? HubRepo.DATASET : HubRepo.MODEL, segments);
        int idSegments = located != null ? located.idSegments() : unknownIdSegments(segments);
        if (idSegments < 0
                || segments.size() < idSegments + 3
                || !segments.get(idSegments).equals("resolve")) {
            errors.pageNotFound(ex);
        } else if (!ex.isHead() && !"GET".equals(ex.method())) {
            ex.error(405, null, "Method Not Allowed");
        } else if (located == null) {
            // The Hub hides whether a repo exists: anonymous callers get 401, as for a private repo.
            errors.repoNotFound(ex, ex.bearerToken() == null ? 401 : 404);
        } else if (located.moved()) {
            redirectToCurrentId(ex, located.repo(), start + idSegments);
        } else if (!errors.refusedByGate(ex, located.repo())) {
            String revision = segments.get(idSegments + 1);
            String path = String.join("/", segments.subList(idSegments + 2, segments.size()));
            resolveFile(ex, located.repo(), revision, path);
        }
    }

    /** For a repo the Hub does not know, the id is whatever precedes "resolve" (one or two segments). */
    private static int unknownIdSegments(List<String> segments) {
        if (segments.size() > 2 && segments.get(2).equals("resolve")) {
            return 2;
        }
        return segments.size() > 1 && segments.get(1).equals("resolve") ? 1 : -1;
    }

    /** A renamed repo: 307 to the same file under the new id, host-less and without X-Repo-Commit. */
    private void redirectToCurrentId(HubExchange ex, HubRepo repo, int idEnd) throws IOException {
        List<String> rest = ex.rawSegments().subList(idEnd, ex.rawSegments().size());
        ex.header("Location", "/" + repo.resolvePrefix() + repo.id() + "/" + String.join("/", rest));
        ex.headersOnly(307);
    }

    private void resolveFile(HubExchange ex, HubRepo repo, String revision, String path) throws IOException {
        HubRepo.Commit commit = repo.commit(revision);
        if (commit == null) {
            errors.revisionNotFound(ex, revision);
            return;
        }
        HubFile file = commit.files().get(path);
        if (file == null) {
            errors.entryNotFound(ex, commit.sha());
            return;
        }
        ex.header("X-Repo-Commit", commit.sha());
        ex.header("ETag", quoted(file.blobId()));
        if (file.lfs()) {
            redirectToCdn(ex, file);
        } else {
            sendContent(ex, file.content(), List.of(file.path()), contentType(path));
        }
    }

    /** LFS files: the real size and SHA-256 ride on the 302 (the ETag names the pointer), body on the CDN. */
    private void redirectToCdn(HubExchange ex, HubFile file) throws IOException {
        ex.header("X-Linked-Etag", quoted(file.sha256()));
        ex.header("X-Linked-Size", Integer.toString(file.size()));
        ex.header("Location", endpoint + "/cdn/" + file.sha256() + "?signature=x");
        ex.headersOnly(302);
    }

    /** {@code GET /cdn/<sha256>}: an LFS object by content, as a signed CDN URL serves it (no auth). */
    void cdn(HubExchange ex) throws IOException {
        List<String> segments = ex.segments(1);
        List<HubFile> files = segments.size() == 1 ? store.lfsFilesWithSha256(segments.get(0)) : List.of();
        if (files.isEmpty()) {
            ex.error(404, null, "Not Found");
        } else if (!ex.isHead() && !"GET".equals(ex.method())) {
            ex.error(405, null, "Method Not Allowed");
        } else {
            List<String> paths = files.stream().map(HubFile::path).toList();
            sendContent(ex, files.get(0).content(), paths, "application/octet-stream");
        }
    }

    /** Sends the content (or the range asked for), applying the faults set for any of these paths. */
    private void sendContent(HubExchange ex, byte[] content, List<String> paths, String contentType)
            throws IOException {
        byte[] served = faults.isCorrupted(paths) ? corrupted(content) : content;
        ex.header("Content-Type", contentType).header("Accept-Ranges", "bytes");
        Span span = Span.parse(ex.requestHeader("range"), served.length);
        if (span != null && !span.satisfiable(served.length)) {
            ex.header("Content-Range", "bytes */" + served.length);
            ex.error(416, null, "Requested Range Not Satisfiable");
            return;
        }
        int from = span == null ? 0 : span.from();
        int count = span == null ? served.length : span.count();
        if (span != null) {
            ex.header("Content-Range", "bytes " + from + "-" + span.to() + "/" + served.length);
        }
        int status = span == null ? 200 : 206;
        if (ex.isHead()) {
            ex.header("Content-Length", Integer.toString(count));
            ex.headersOnly(status);
            return;
        }
        writeBody(ex, status, served, from, count, faults.takeCut(paths));
    }

    /** Declares the full length; a cut sends only part of it, may go silent, and then breaks the connection. */
    private static void writeBody(HubExchange ex, int status, byte[] content, int from, int count, HubFaults.Cut cut)
            throws IOException {
        OutputStream out = ex.body(status, count);
        if (cut != null && cut.afterBytes() < count) {
            out.write(content, from, (int) cut.afterBytes());
            out.flush();
            if (cut.stallMillis() > 0) {
                try {
                    Thread.sleep(cut.stallMillis());
                } catch (InterruptedException closing) {
                    Thread.currentThread().interrupt();
                }
            }
            throw new HubExchange.Drop(cut.afterBytes());
        }
        out.write(content, from, count);
        out.close();
    }

    /** The same length with one byte flipped: only a digest check can tell. */
    private static byte[] corrupted(byte[] content) {
        byte[] copy = content.clone();
        if (copy.length > 0) {
            copy[copy.length / 2] ^= (byte) 0xFF;
        }
        return copy;
    }

    private static String contentType(String path) {
        if (path.endsWith(".json")) {
            return HubExchange.JSON;
        }
        if (path.endsWith(".txt") || path.endsWith(".md")) {
            return "text/plain; charset=utf-8";
        }
        return "application/octet-stream";
    }

    private static String quoted(String value) {
        return "\"" + value + "\"";
    }

    /** One inclusive byte range of a {@code Range} header. */
    record Span(int from, int to) {

        int count() {
            return to - from + 1;
        }

        boolean satisfiable(int length) {
            return from < length && from <= to;
        }

        /** Null (serve it all) when the header is absent or not one byte range, as servers may. */
        static Span parse(String header, int length) {
            if (header == null || !header.startsWith("bytes=") || header.contains(",")) {
                return null;
            }
            String spec = header.substring("bytes=".length()).trim();
            int dash = spec.indexOf('-');
            try {
                if (dash < 0) {
                    return null;
                }
                String first = spec.substring(0, dash).trim();
                String last = spec.substring(dash + 1).trim();
                if (first.isEmpty()) {
                    long suffix = Long.parseLong(last);
                    return new Span((int) Math.max(0, length - suffix), length - 1);
                }
                long from = Math.min(Long.parseLong(first), Integer.MAX_VALUE);
                long to = last.isEmpty() ? length - 1 : Math.min(Long.parseLong(last), length - 1);
                return new Span((int) from, (int) to);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
