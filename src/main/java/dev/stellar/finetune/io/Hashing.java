package dev.stellar.finetune.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content hashes of files, as lower-case hex. */
public final class Hashing {

    private Hashing() {}

    public static String sha256(Path file) throws IOException {
        return digest("SHA-256", null, file);
    }

    /** Git's blob id: SHA-1 of "blob &lt;size&gt;\0" and the content (what the Hub's ETag is for plain files). */
    public static String gitBlobSha1(Path file) throws IOException {
        return digest("SHA-1", "blob " + Files.size(file) + "\0", file);
    }

    public static String sha256(String text) {
        MessageDigest digest = newDigest("SHA-256");
        return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String digest(String algorithm, String prefix, Path file) throws IOException {
        MessageDigest digest = newDigest(algorithm);
        if (prefix != null) {
            digest.update(prefix.getBytes(StandardCharsets.UTF_8));
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
