package dev.stellar.finetune.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One file of a fake Hub commit, with the digests the real Hub advertises for it: the Git blob id (what
 * {@code ETag} and tree {@code oid} name) and, for LFS files, the content's SHA-256.
 */
record HubFile(String path, byte[] content, boolean lfs, String sha256) {

    static HubFile of(String path, byte[] content, boolean lfs) {
        return new HubFile(path, content.clone(), lfs, sha256Hex(content));
    }

    int size() {
        return content.length;
    }

    /** The Git LFS pointer Git stores in place of an LFS file's content. */
    String pointer() {
        return "version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256 + "\nsize " + size() + "\n";
    }

    int pointerSize() {
        return pointer().getBytes(StandardCharsets.UTF_8).length;
    }

    /** The Git blob id of what Git stores: the content, or the pointer for an LFS file. */
    String blobId() {
        return gitBlobSha1(lfs ? pointer().getBytes(StandardCharsets.UTF_8) : content);
    }

    /** Git's object id of a blob: SHA-1 of {@code "blob <length>\0"} followed by the bytes. */
    static String gitBlobSha1(byte[] bytes) {
        MessageDigest sha1 = digest("SHA-1");
        sha1.update(("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(sha1.digest(bytes));
    }

    static String sha1Hex(String text) {
        return HexFormat.of().formatHex(digest("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest("SHA-256").digest(bytes));
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
