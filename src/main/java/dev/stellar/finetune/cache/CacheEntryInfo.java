package dev.stellar.finetune.cache;

import java.nio.file.Path;
import java.time.Instant;

/** One entry of a cache: its folder, the bytes it holds and when a build last wrote or used it. */
public record CacheEntryInfo(Path directory, long bytes, Instant lastUsed) {}
