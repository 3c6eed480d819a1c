package dev.stellar.finetune.hub;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.data.DataFile;
import dev.stellar.finetune.data.DatasetSource;
import dev.stellar.finetune.log.BuildLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A data set on the Hugging Face Hub, read from the Hub's own Parquet conversion of it (branch
 * {@code refs/convert/parquet}, files {@code <config>/<split>/NNNN.parquet}), which every data set with a
 * viewer has, whatever format its authors uploaded. The chosen configuration's files are downloaded into
 * the shared cache; offline, the cache alone answers.
 */
public final class HubDatasetSource implements DatasetSource {

    public static final String PARQUET_BRANCH = "refs/convert/parquet";
    /** {@code partial-train} (a split cut at ~5 GB) and {@code train-part3} (past 10,000 shards) are train. */
    private static final Pattern SPLIT_DIRECTORY = Pattern.compile("(?:partial-)?(.+?)(?:-part\\d+)?");

    private final HubClient client;
    private final String config;
    private final String revision;

    /**
     * @param config the configuration ({@code mrpc}); {@code null} when the data set has only one
     * @param revision the revision of the Parquet conversion; {@code null} for its latest
     */
    public HubDatasetSource(HubClient client, String config, String revision) {
        this.client = client;
        this.config = config == null || config.isBlank() ? null : config.trim();
        this.revision = revision == null || revision.isBlank() ? PARQUET_BRANCH : revision.trim();
    }

    @Override
    public String describe() {
        return "a Hugging Face Hub data set";
    }

    @Override
    public Optional<Map<String, List<DataFile>>> resolve(String dataset, BuildLog log) {
        Optional<String> id = HubNames.repoId(dataset);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        if (!HubNames.isRevision(revision)) {
            throw new ConfigurationException(
                    "datasetRevision",
                    revision,
                    "is not a branch, tag or commit name",
                    "leave it unset for the latest Parquet conversion, or give a commit of " + PARQUET_BRANCH);
        }
        if (config != null && !HubNames.isRepoPath(config)) {
            throw new ConfigurationException(
                    "datasetConfig",
                    config,
                    "is not a configuration name",
                    "use a name the data set lists, e.g. mrpc (mvn finetune:datasets -Dfinetune.dataset=" + id.get()
                            + " lists them)");
        }
        try {
            if (client.environment().offline()) {
                Map<String, List<DataFile>> cached = fromCache(id.get());
                log.info("Data set " + id.get() + " from the Hugging Face cache (offline): splits "
                        + String.join(", ", cached.keySet()));
                return Optional.of(cached);
            }
            return Optional.of(download(id.get(), log));
        } catch (HubResponseException e) {
            if (e.isUnreachable()) {
                Optional<Map<String, List<DataFile>>> cached = cachedQuietly(id.get());
                if (cached.isPresent()) {
                    log.warn("The Hub could not be reached (" + e.getMessage() + "); using the cached " + id.get());
                    return cached;
                }
            }
            if (e.isNotFound() && !e.errorCode().equals("RevisionNotFound")) {
                throw notFound(id.get(), e);
            }
            throw HubErrors.explain("dataset", id.get(), RepoType.DATASET, e, client.environment());
        } catch (HubClient.ChecksumMismatchException e) {
            throw new FinetuneException(
                    "A file of the data set " + id.get() + " arrived damaged: " + e.getMessage()
                            + ". Fix: run the build again; if it happens again, the server at HF_ENDPOINT ("
                            + client.environment().endpoint() + ") serves bad data.",
                    e);
        } catch (IOException e) {
            throw new FinetuneException(
                    "Downloading the data set " + id.get() + " failed: " + e.getMessage()
                            + ". Fix: run the build again; a broken download resumes where it stopped.",
                    e);
        }
    }

    private Map<String, List<DataFile>> download(String id, BuildLog log) throws IOException {
        client.repoInfo(RepoType.DATASET, id, "main"); // a missing data set fails here, before the listing
        String chosen =
                chooseConfig(id, client.parquetListing(id).keySet().stream().toList());
        HubClient.RepoInfo conversion = client.repoInfo(RepoType.DATASET, id, revision);
        List<TreeEntry> files = client.tree(RepoType.DATASET, id, conversion.sha(), chosen).stream()
                .filter(f -> f.path().endsWith(".parquet"))
                .toList();
        if (files.isEmpty()) {
            throw new ConfigurationException(
                    "datasetConfig",
                    chosen,
                    "the Parquet conversion of " + id + " has no files for it",
                    "choose another configuration");
        }
        long bytes = files.stream().mapToLong(TreeEntry::size).sum();
        log.info("Data set " + id + ", configuration " + chosen + " (Parquet conversion, commit "
                + conversion.sha().substring(0, 12) + "): " + files.size() + " file(s), " + bytes + " bytes");
        Map<String, List<DataFile>> splits = new TreeMap<>();
        for (TreeEntry file : files) {
            Path local = client.download(RepoType.DATASET, id, conversion.sha(), file.path());
            splits.computeIfAbsent(splitOf(chosen, file.path()), k -> new ArrayList<>())
                    .add(new DataFile(local, id + "/" + file.path()));
        }
        client.rememberRevision(RepoType.DATASET, id, revision, conversion.sha());
        return splits;
    }

    private String chooseConfig(String id, List<String> configs) {
        if (config != null) {
            if (!configs.contains(config)) {
                throw new ConfigurationException(
                        "datasetConfig",
                        config,
                        "the data set " + id + " has no such" + " configuration (it has: " + String.join(", ", configs)
                                + ")",
                        "set <datasetConfig> to one of them");
            }
            return config;
        }
        if (configs.size() == 1) {
            return configs.get(0);
        }
        throw new ConfigurationException(
                "datasetConfig",
                null,
                "the data set " + id + " has " + configs.size() + " configurations: " + String.join(", ", configs),
                "set <datasetConfig> to one of them");
    }

    private Map<String, List<DataFile>> fromCache(String id) throws IOException {
        String what = id + " (" + (config == null ? "" : "configuration " + config + ", ") + revision + ")";
        String why = HubErrors.whyOffline(client.environment());
        String commit = client.cachedCommit(RepoType.DATASET, id, revision)
                .orElseThrow(
                        () -> HubErrors.notCached("dataset", id, RepoType.DATASET, what, client.environment(), why));
        Path snapshot = client.snapshot(RepoType.DATASET, id, commit);
        List<String> cachedConfigs;
        try (Stream<Path> children = Files.isDirectory(snapshot) ? Files.list(snapshot) : Stream.empty()) {
            cachedConfigs = children.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        }
        String chosen = config != null ? config : cachedConfigs.size() == 1 ? cachedConfigs.get(0) : null;
        if (chosen == null || !cachedConfigs.contains(chosen)) {
            throw HubErrors.notCached(
                    "dataset",
                    id,
                    RepoType.DATASET,
                    what
                            + (cachedConfigs.isEmpty()
                                    ? ""
                                    : " (the cache holds the configuration(s) " + String.join(", ", cachedConfigs)
                                            + ")"),
                    client.environment(),
                    why);
        }
        Map<String, List<DataFile>> splits = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(snapshot.resolve(chosen))) {
            for (Path file : walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".parquet"))
                    .sorted()
                    .toList()) {
                String path = snapshot.relativize(file).toString().replace('\\', '/');
                splits.computeIfAbsent(splitOf(chosen, path), k -> new ArrayList<>())
                        .add(new DataFile(file, id + "/" + path));
            }
        }
        return splits;
    }

    private Optional<Map<String, List<DataFile>>> cachedQuietly(String id) {
        try {
            return Optional.of(fromCache(id));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** mrpc/train/0000.parquet is train; mrpc/partial-train/0000.parquet too. */
    static String splitOf(String config, String path) {
        String rest = path.substring(config.length() + 1);
        String directory = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        Matcher m = SPLIT_DIRECTORY.matcher(directory);
        return m.matches() ? m.group(1) : directory;
    }

    /** A short legacy name (glue) the Hub no longer resolves: name the full ids a search finds. */
    private FinetuneException notFound(String id, HubResponseException e) {
        String name = id.contains("/") ? id.substring(id.indexOf('/') + 1) : id;
        List<String> candidates = List.of();
        try {
            candidates = client.searchDatasets(name, 10).stream()
                    .map(HubClient.DatasetSummary::id)
                    .toList();
        } catch (HubResponseException ignored) {
            // the search is a courtesy; the message stands without it
        }
        String suggestion = candidates.isEmpty()
                ? "check the id (org/name) on the Hub"
                : "use the full id, one of: " + candidates.stream().collect(Collectors.joining(", "));
        return new ConfigurationException(
                "dataset",
                id,
                "no data set of that id was found on the Hugging Face Hub at "
                        + client.environment().endpoint() + " (HTTP " + e.status() + ")",
                suggestion,
                e);
    }
}
