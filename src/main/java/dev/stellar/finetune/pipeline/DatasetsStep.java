package dev.stellar.finetune.pipeline;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.FinetuneSettings;
import dev.stellar.finetune.data.DataFile;
import dev.stellar.finetune.data.DatasetSource;
import dev.stellar.finetune.data.ParquetFeatures;
import dev.stellar.finetune.hub.HubClient;
import dev.stellar.finetune.hub.HubDatasetSource;
import dev.stellar.finetune.log.BuildLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The finetune:datasets goal's work, the notebook's pickers as a listing: data sets matching a search; the
 * configurations of one; the splits, row counts and features of one configuration.
 */
public final class DatasetsStep {

    private static final int SEARCH_LIMIT = 30;

    private final FinetuneSettings settings;
    private final String query;
    private final HubClient hub;
    private final List<DatasetSource> datasets;
    private final BuildLog log;

    public DatasetsStep(
            FinetuneSettings settings, String query, HubClient hub, List<DatasetSource> datasets, BuildLog log) {
        this.settings = settings;
        this.query = query == null || query.isBlank() ? null : query.trim();
        this.hub = hub;
        this.datasets = datasets;
        this.log = log;
    }

    public DatasetCatalog run() {
        String dataset = settings.data().dataset();
        if (query == null && (dataset == null || dataset.isBlank())) {
            throw new ConfigurationException(
                    "search",
                    null,
                    "finetune:datasets needs something to look for",
                    "run it with -Dfinetune.search=<words> to search, or -Dfinetune.dataset=<id> for a data set's"
                            + " configurations (add -Dfinetune.datasetConfig=<name> for its splits)");
        }
        HubSearch.requireOnline(hub, query);
        List<String> matches = query == null ? List.of() : search();
        if (dataset == null || dataset.isBlank()) {
            return new DatasetCatalog(matches, null, List.of(), null, List.of(), Map.of());
        }
        List<String> configs = configs(dataset.trim());
        String config = settings.hub().datasetConfig();
        if (config == null && configs.size() > 1) {
            log.info(dataset + " has " + configs.size() + " configurations: " + String.join(", ", configs));
            log.info("Show one's splits and features with -Dfinetune.datasetConfig=<name>, and train on it with"
                    + " <datasetConfig> in the POM");
            return new DatasetCatalog(matches, dataset, configs, null, List.of(), Map.of());
        }
        return describe(dataset.trim(), configs, config == null ? configs.get(0) : config, matches);
    }

    private List<String> search() {
        try {
            List<HubClient.DatasetSummary> found = hub.searchDatasets(query, SEARCH_LIMIT);
            log.info(
                    found.isEmpty()
                            ? "No data set on " + hub.environment().endpoint() + " matches '" + query + "'"
                            : "Data sets on " + hub.environment().endpoint() + " matching '" + query
                                    + "' (most downloaded" + " first):");
            for (HubClient.DatasetSummary d : found) {
                log.info(String.format(
                        Locale.ROOT, "  %-48s %,12d downloads %,8d likes", d.id(), d.downloads(), d.likes()));
            }
            return found.stream().map(HubClient.DatasetSummary::id).toList();
        } catch (java.io.IOException e) {
            throw HubSearch.failed(hub, e);
        }
    }

    private List<String> configs(String dataset) {
        // Resolving with a config the data set cannot have makes the source list the real ones, or say the
        // data set is missing, with the same messages training gives.
        try {
            return hub.parquetListing(dataset).keySet().stream().toList();
        } catch (java.io.IOException e) {
            datasets.forEach(source -> source.resolve(dataset, log));
            throw new dev.stellar.finetune.config.FinetuneException(
                    "Listing " + dataset + " failed: " + e.getMessage() + ".", e);
        }
    }

    private DatasetCatalog describe(String dataset, List<String> configs, String config, List<String> matches) {
        Map<String, List<DataFile>> files = new HubDatasetSource(
                        hub, config, settings.hub().datasetRevision())
                .resolve(dataset, log)
                .orElseThrow();
        List<DatasetCatalog.Split> splits = new ArrayList<>();
        log.info(dataset + ", configuration " + config + ":");
        for (Map.Entry<String, List<DataFile>> split : files.entrySet()) {
            long rows = split.getValue().stream()
                    .mapToLong(f -> ParquetFeatures.rowCount(f.path()))
                    .sum();
            splits.add(new DatasetCatalog.Split(
                    split.getKey(), rows, split.getValue().size()));
            log.info(String.format(Locale.ROOT, "  %-24s %,10d rows", split.getKey(), rows));
        }
        Map<String, String> features = files.values().stream()
                .findFirst()
                .map(f -> ParquetFeatures.describe(f.get(0).path()))
                .orElse(Map.of());
        if (!features.isEmpty()) {
            log.info("Features: "
                    + features.entrySet().stream()
                            .map(e -> e.getKey() + ": " + e.getValue())
                            .collect(Collectors.joining(", ")));
        }
        return new DatasetCatalog(matches, dataset, configs, config, splits, features);
    }
}
