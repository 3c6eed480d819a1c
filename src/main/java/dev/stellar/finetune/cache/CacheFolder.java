package dev.stellar.finetune.cache;

import java.nio.file.Path;

/**
 * A cache the plugin writes, as the cache goal lists and prunes it.
 *
 * @param name what it is, for the listing ("model import cache")
 * @param hub whether it is the Hugging Face cache (entries are {@code models--org--name} folders, locked per
 *     blob under {@code .locks/<entry>/}); otherwise a folder per entry locked by {@code .locks/<entry>.lock}
 */
public record CacheFolder(String name, Path directory, boolean hub) {}
