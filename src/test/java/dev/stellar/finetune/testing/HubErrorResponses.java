package dev.stellar.finetune.testing;

import java.io.IOException;

/** The Hub's error answers, in one place so that every route sends the same codes, headers and bodies. */
final class HubErrorResponses {

    /** What the Hub answers for a path it has no route for, e.g. a legacy id without namespace. */
    static final String PAGE_NOT_FOUND = "Sorry, we can't find the page you are looking for.";

    private final String endpoint;

    HubErrorResponses(String endpoint) {
        this.endpoint = endpoint;
    }

    /** 404 without X-Error-Code: clients cannot tell it from a missing route, as with the real Hub. */
    void pageNotFound(HubExchange ex) throws IOException {
        ex.error(404, null, PAGE_NOT_FOUND);
    }

    void repoNotFound(HubExchange ex, int status) throws IOException {
        ex.error(status, "RepoNotFound", "Repository Not Found for url: " + endpoint + ex.pathAndQuery() + ".");
    }

    void revisionNotFound(HubExchange ex, String revision) throws IOException {
        ex.error(404, "RevisionNotFound", "Invalid rev id: " + revision);
    }

    /** EntryNotFound keeps X-Repo-Commit: clients record the miss under that commit. */
    void entryNotFound(HubExchange ex, String commit) throws IOException {
        ex.header("X-Repo-Commit", commit);
        ex.error(404, "EntryNotFound", "Entry not found");
    }

    /**
     * Answers a gated repo's refusal and returns true when the request lacks the gate's token: 401 when
     * anonymous, 403 with another token (the client's cue to ask for access); false when it may pass.
     */
    boolean refusedByGate(HubExchange ex, HubRepo repo) throws IOException {
        String required = repo.gateToken();
        if (required == null || required.equals(ex.bearerToken())) {
            return false;
        }
        String what = "Access to " + repo.type() + " " + repo.id() + " is restricted";
        if (ex.bearerToken() == null) {
            ex.error(
                    401,
                    "GatedRepo",
                    what + ". You must have access to it and be authenticated to access it." + " Please log in.");
        } else {
            ex.error(
                    403,
                    "GatedRepo",
                    what + " and you are not in the authorized list. Visit " + endpoint + "/" + repo.resolvePrefix()
                            + repo.id() + " to ask for access.");
        }
        return true;
    }
}
