package dev.stellar.finetune.data;

import dev.stellar.finetune.config.DataSettings;
import dev.stellar.finetune.config.ProblemType;
import dev.stellar.finetune.io.CacheEntry;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.model.ModelDirectory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The prepare-data step: reads the data set, selects or carves the train, validation and test splits,
 * maps the labels, tokenizes with the model's tokenizer and writes the data directory in one piece:
 * {@code train/validation/test.safetensors} ({@link EncodedSplit}), {@code labels.json} ({@link LabelSet}),
 * {@code stats.json} ({@link PreparedData}) and {@code tokenizer/}.
 */
public final class DataPreparation {

    private final DataSettings settings;
    private final long seed;
    private final Path baseDirectory;
    private final BuildLog log;
    private final List<DatasetSource> remoteSources;

    /**
     * @param seed seeds the carving of validation and test splits from train
     * @param baseDirectory what relative data paths are resolved against (the project directory)
     */
    public DataPreparation(DataSettings settings, long seed, Path baseDirectory, BuildLog log) {
        this(settings, seed, baseDirectory, List.of(), log);
    }

    /** @param remoteSources where a {@code dataset} that is no local path is looked for (the Hub) */
    public DataPreparation(
            DataSettings settings, long seed, Path baseDirectory, List<DatasetSource> remoteSources, BuildLog log) {
        this.settings = settings;
        this.seed = seed;
        this.baseDirectory = baseDirectory;
        this.remoteSources = List.copyOf(remoteSources);
        this.log = log;
    }

    /**
     * Prepares the data into {@code dataDirectory}, replacing what was there only once everything is written.
     * The engine setup must have run before (the tokenizer's native library loads offline).
     */
    public PreparedData run(ModelDirectory model, Path dataDirectory) {
        Map<String, SplitFiles> splits = SplitDiscovery.discover(settings, baseDirectory, remoteSources, log);
        DataSettings effective = withLabelNamesFromFeatures(splits);
        SplitPlanner.Plan plan = SplitPlanner.plan(
                effective,
                seed,
                splits,
                new TableReader(
                        effective.textColumns(),
                        effective.labelColumn(),
                        effective.labelling().labelColumns()),
                log);
        PreparedData[] prepared = new PreparedData[1];
        new CacheEntry(dataDirectory, "the prepared data")
                .replace(
                        directory -> {
                            Path tokenizerDirectory = PreparedData.tokenizerDirectory(directory);
                            String tokenizer = TokenizerFiles.copy(model, tokenizerDirectory);
                            Map<String, RoleStats> roles = new LinkedHashMap<>();
                            try (SplitEncoder encoder =
                                    SplitEncoder.open(tokenizerDirectory, settings.maxLength(), model)) {
                                for (SplitPlanner.Role role : plan.roles()) {
                                    List<String> texts = role.rows().stream()
                                            .map(RawRow::text)
                                            .toList();
                                    List<String> pairs = settings.isPairTask()
                                            ? role.rows().stream()
                                                    .map(RawRow::pair)
                                                    .toList()
                                            : null;
                                    SplitEncoder.Result result =
                                            encoder.encodeWithTargets(role.name(), texts, pairs, role.targets(), log);
                                    result.split().write(EncodedSplit.file(directory, role.name()));
                                    roles.put(role.name(), stats(role, result, plan.mapping()));
                                    if (role.name().equals(PreparedData.VALIDATION)) {
                                        SplitTexts.write(directory, role.name(), role.rows());
                                    }
                                }
                            }
                            plan.labels().write(directory);
                            PreparedData data = new PreparedData(
                                    plan.labels().names(),
                                    roles,
                                    settings.maxLength(),
                                    settings.textColumns(),
                                    settings.labelColumn(),
                                    tokenizer,
                                    plan.notes(),
                                    dataset(),
                                    !remoteSources.isEmpty() && SplitDiscovery.isRemote(settings, baseDirectory),
                                    plan.mapping().problemType().id());
                            data.write(directory);
                            prepared[0] = data;
                        },
                        log);
        summarize(prepared[0], dataDirectory);
        return prepared[0];
    }

    private String dataset() {
        return settings.dataset() == null || settings.dataset().isBlank()
                ? null
                : settings.dataset().trim();
    }

    /**
     * Parquet written by Hugging Face datasets names the classes of a ClassLabel column in its metadata;
     * without explicit {@code labels}, those names become the labels (mrpc: not_equivalent, equivalent).
     */
    private DataSettings withLabelNamesFromFeatures(Map<String, SplitFiles> splits) {
        if (!settings.labels().isEmpty()) {
            return settings;
        }
        SplitFiles train = splits.get(PreparedData.TRAIN);
        if (train == null
                || train.format() != DataFormat.PARQUET
                || train.files().isEmpty()) {
            return settings;
        }
        List<String> names =
                ParquetFeatures.classLabelNames(train.files().get(0).path(), settings.labelColumn());
        if (names.size() < 2) {
            return settings;
        }
        log.info("Label names from the data set's features: " + String.join(", ", names));
        return settings.withLabels(names);
    }

    private static RoleStats stats(SplitPlanner.Role role, SplitEncoder.Result result, TargetMapping mapping) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (role.targets() != null) {
            int[] perId = mapping.countsPerLabel(role.targets());
            for (int id = 0; id < perId.length; id++) {
                counts.put(mapping.labels().names().get(id), perId[id]);
            }
        }
        int rows = role.rows().size();
        double share = rows == 0 ? 0 : Math.round(result.truncated() * 10_000.0 / rows) / 10_000.0;
        return new RoleStats(
                role.source(),
                rows,
                role.targets() != null,
                counts,
                TokenLengths.of(result.lengths()),
                LengthHistogram.of(result.lengths()),
                result.truncated(),
                share);
    }

    private void summarize(PreparedData data, Path dataDirectory) {
        log.info("Prepared "
                + data.roles().entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue().rows()
                                + (e.getValue().labeled() ? "" : " (unlabelled)"))
                        .collect(Collectors.joining(", "))
                + " rows; "
                + (data.problem() == ProblemType.REGRESSION
                        ? "regression on " + data.labels().get(0)
                        : data.labels().size() + " labels: " + String.join(", ", data.labels()))
                + " -> " + dataDirectory);
        for (Map.Entry<String, RoleStats> e : data.roles().entrySet()) {
            RoleStats s = e.getValue();
            TokenLengths t = s.tokenLengths();
            log.info(String.format(
                    Locale.ROOT,
                    "  %-10s tokens p50 %d, p95 %d, max %d; %d rows (%.1f%%) cut to" + " maxLength %d; from %s",
                    e.getKey(),
                    t.p50(),
                    t.p95(),
                    t.max(),
                    s.truncatedRows(),
                    s.truncatedShare() * 100,
                    data.maxLength(),
                    s.source()));
        }
        RoleStats train = data.roles().get(PreparedData.TRAIN);
        if (train.truncatedShare() > 0.1) {
            log.warn(String.format(
                    Locale.ROOT,
                    "%.0f%% of the training rows are longer than maxLength %d (p95 is %d"
                            + " tokens); consider a larger maxLength.",
                    train.truncatedShare() * 100,
                    data.maxLength(),
                    train.tokenLengths().p95()));
        }
    }
}
