package dev.stellar.finetune.hub;

import java.net.URI;

/**
 * What a HEAD on a resolve URL tells about a file.
 *
 * @param commit the commit the revision resolved to
 * @param etag the git blob SHA-1 (40 hex) of a plain file, or the SHA-256 (64 hex) of an LFS file
 * @param size the file's size in bytes
 * @param location where to GET the bytes (a CDN for LFS files)
 */
record FileMetadata(String commit, String etag, long size, URI location) {

    boolean isLfs() {
        return etag.length() == 64;
    }
}
