package dev.stellar.finetune.hub;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What repo ids, revisions and file paths may look like, whether they come from the POM or from a
 * server: nothing that could reach outside the cache (no {@code ..}, no absolute paths, no backslashes
 * or control characters).
 */
public final class HubNames {

    private static final Pattern REPO_ID =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}(/[A-Za-z0-9][A-Za-z0-9._-]{0,95})?");
    private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9._/-]{1,200}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern PATH_PART = Pattern.compile("[^\\\\:*?\"<>|\\p{Cntrl}]{1,255}");

    private HubNames() {}

    /** A repo id such as {@code bert-base-uncased} or {@code nyu-mll/glue}, if {@code value} is one. */
    public static Optional<String> repoId(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String id = value.trim();
        return REPO_ID.matcher(id).matches() && !id.contains("..") && !id.endsWith(".")
                ? Optional.of(id)
                : Optional.empty();
    }

    public static boolean isRevision(String value) {
        return value != null
                && REVISION.matcher(value).matches()
                && !value.contains("..")
                && !value.startsWith("/")
                && !value.endsWith("/")
                && !value.contains("//");
    }

    public static boolean isCommit(String value) {
        return value != null && COMMIT.matcher(value).matches();
    }

    /** A relative path inside a repository, with only forward slashes and no {@code .}/{@code ..} parts. */
    public static boolean isRepoPath(String value) {
        if (value == null || value.isEmpty() || value.startsWith("/") || value.endsWith("/")) {
            return false;
        }
        for (String part : value.split("/", -1)) {
            if (part.isEmpty()
                    || part.equals(".")
                    || part.equals("..")
                    || !PATH_PART.matcher(part).matches()) {
                return false;
            }
        }
        return true;
    }
}
