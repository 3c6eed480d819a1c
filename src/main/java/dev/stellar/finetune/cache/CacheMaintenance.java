package dev.stellar.finetune.cache;

import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.io.AtomicFiles;
import dev.stellar.finetune.io.CacheEntry;
import dev.stellar.finetune.io.EntryLock;
import dev.stellar.finetune.log.BuildLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The cache goal's work: lists each cache's entries with their size and last use, and removes those not
 * used for a while. An entry is removed only under its lock, so one that a running build holds is kept.
 */
public final class CacheMaintenance {

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final BuildLog log;
    private final Instant now;

    public CacheMaintenance(BuildLog log, Instant now) {
        this.log = log;
        this.now = now;
    }

    /** The entries of a cache, least recently used first; none when the folder does not exist. */
    public List<CacheEntryInfo> entries(CacheFolder cache) {
        if (!Files.isDirectory(cache.directory())) {
            return List.of();
        }
        List<CacheEntryInfo> entries = new ArrayList<>();
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(
                cache.directory(),
                p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                        && !p.getFileName().toString().startsWith("."))) {
            for (Path folder : folders) {
                entries.add(measure(folder));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new FinetuneException("Cannot list the " + cache.name() + " " + cache.directory() + ": " + e, e);
        }
        entries.sort(Comparator.comparing(CacheEntryInfo::lastUsed));
        return entries;
    }

    /**
     * Logs each cache and its entries; with {@code prune}, removes the entries not used for {@code age}.
     *
     * @return the bytes removed
     */
    public long run(List<CacheFolder> caches, Duration age, boolean prune) {
        long removed = 0;
        for (CacheFolder cache : caches) {
            List<CacheEntryInfo> entries = entries(cache);
            long total = entries.stream().mapToLong(CacheEntryInfo::bytes).sum();
            log.info(String.format(
                    Locale.ROOT,
                    "%s %s: %d entries, %s%s",
                    capitalized(cache.name()),
                    cache.directory(),
                    entries.size(),
                    size(total),
                    Files.isDirectory(cache.directory()) ? "" : " (not created yet)"));
            List<CacheEntryInfo> old = new ArrayList<>();
            for (CacheEntryInfo entry : entries) {
                boolean stale = entry.lastUsed().isBefore(now.minus(age));
                log.info(String.format(
                        Locale.ROOT,
                        "  %-60s %10s  last used %s UTC%s%s",
                        entry.directory().getFileName(),
                        size(entry.bytes()),
                        DAY.format(entry.lastUsed()),
                        origin(entry.directory()),
                        stale
                                ? " (unused for "
                                        + Duration.between(entry.lastUsed(), now)
                                                .toDays() + " days)"
                                : ""));
                if (stale) {
                    old.add(entry);
                }
            }
            removed += prune ? prune(cache, old) : 0;
            if (!prune && !old.isEmpty()) {
                log.info(String.format(
                        Locale.ROOT,
                        "  %d entries (%s) were not used for %d days;" + " -Dfinetune.prune=true removes them",
                        old.size(),
                        size(old.stream().mapToLong(CacheEntryInfo::bytes).sum()),
                        age.toDays()));
            }
            if (prune) {
                removeTemporaries(cache);
            }
        }
        return removed;
    }

    /**
     * The archive an import-cache entry was unpacked from, as its completion marker records it: the folder's
     * name is a hash, which alone tells a user nothing.
     */
    private static String origin(Path entry) {
        Path marker = entry.resolve(".complete");
        try {
            String first = Files.isRegularFile(marker)
                    ? Files.readString(marker, StandardCharsets.UTF_8)
                            .lines()
                            .findFirst()
                            .orElse("")
                            .strip()
                    : "";
            Path source = first.isEmpty() ? null : Path.of(first).getFileName();
            return source == null ? "" : "  from " + source;
        } catch (IOException | RuntimeException unreadable) {
            return "";
        }
    }

    private long prune(CacheFolder cache, List<CacheEntryInfo> old) {
        long removed = 0;
        for (CacheEntryInfo entry : old) {
            try {
                if (cache.hub()
                        ? removeHubRepo(cache, entry.directory())
                        : new CacheEntry(entry.directory(), "the " + cache.name() + " entry").removeIfUnused()) {
                    removed += entry.bytes();
                    log.info("  removed " + entry.directory() + " (" + size(entry.bytes()) + ")");
                } else {
                    log.info("  kept " + entry.directory() + ": a running build is using it");
                }
            } catch (IOException | FinetuneException e) {
                log.warn("Cannot remove " + entry.directory() + ": " + e.getMessage());
            }
        }
        return removed;
    }

    /** A Hub repository folder goes only when none of its blobs is being downloaded (all their locks free). */
    private static boolean removeHubRepo(CacheFolder cache, Path repo) throws IOException {
        Path locks = cache.directory()
                .resolve(CacheEntry.LOCKS)
                .resolve(repo.getFileName().toString());
        List<EntryLock> held = new ArrayList<>();
        try {
            if (Files.isDirectory(locks)) {
                try (Stream<Path> files = Files.list(locks)) {
                    for (Path lock : files.filter(
                                    p -> p.getFileName().toString().endsWith(".lock"))
                            .toList()) {
                        Optional<EntryLock> taken = EntryLock.tryAcquire(lock, "the download " + lock);
                        if (taken.isEmpty()) {
                            return false;
                        }
                        held.add(taken.get());
                    }
                }
            }
            AtomicFiles.deleteOutOfSight(repo);
            return true;
        } finally {
            held.forEach(EntryLock::close);
        }
    }

    /** What interrupted writes left in the cache folder itself (our {@code .<name>.<uuid>.tmp} folders). */
    private void removeTemporaries(CacheFolder cache) {
        if (!Files.isDirectory(cache.directory())) {
            return;
        }
        try (Stream<Path> files = Files.list(cache.directory())) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") && (name.endsWith(".tmp") || name.endsWith(".old"))) {
                    String target = name.substring(1, name.length() - 4 - 37);
                    AtomicFiles.removeStaleTemporaries(cache.directory().resolve(target), Duration.ofHours(6))
                            .forEach(p -> log.info("  removed the leftover " + p));
                }
            }
        } catch (IOException | UncheckedIOException | StringIndexOutOfBoundsException e) {
            // nothing to tidy
        }
    }

    private static CacheEntryInfo measure(Path folder) throws IOException {
        long[] bytes = {0};
        Instant[] last = {Files.getLastModifiedTime(folder).toInstant()};
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                bytes[0] += attrs.isRegularFile() ? attrs.size() : 0;
                Instant modified = attrs.lastModifiedTime().toInstant();
                if (modified.isAfter(last[0])) {
                    last[0] = modified;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                Instant modified = attrs.lastModifiedTime().toInstant();
                if (modified.isAfter(last[0])) {
                    last[0] = modified;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return new CacheEntryInfo(folder, bytes[0], last[0]);
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
        }
        return String.format(Locale.ROOT, "%.2f GiB", bytes / 1073741824.0);
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
