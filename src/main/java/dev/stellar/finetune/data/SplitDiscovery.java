package dev.stellar.finetune.data;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.DataSettings;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.log.BuildLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the files of each split: from {@code dataset} (a directory, or one file that is the train split)
 * and from {@code dataFiles}, which replaces or adds splits by name.
 *
 * <p>Files in a directory are assigned to splits by name, following Hugging Face datasets for local folders
 * (datasets/data_files.py: {@code KEYWORDS_IN_FILENAME_BASE_PATTERNS}, {@code DEFAULT_PATTERNS_SPLIT_IN_FILENAME}
 * and the {@code {split}-00000-of-00001} shard names):
 * <ol>
 *   <li>a stem that is one plain word (after dropping a {@code -00000-of-00002} shard suffix) names its split:
 *       train.csv is train, unsupervised.parquet is unsupervised, and the keywords below map to their split
 *       (dev.tsv is validation);</li>
 *   <li>otherwise a keyword delimited by the start or end of the stem, one of {@code -._ } or a digit:
 *       train, training; validation, valid, dev, val; test, testing, eval, evaluation
 *       (uci_sentiment_train.csv is train). A file that names two splits is ignored with a warning.</li>
 * </ol>
 * A file whose name says nothing is placed by the names of the folders above it, with the same rules
 * (train/part-0.parquet); datasets asks the folders first, here the file's own name wins. Unlike datasets,
 * files that name no split are not all taken as train when nothing else matches: they are ignored. Several
 * files of one split are read in name order; hidden files are skipped.
 */
final class SplitDiscovery {

    static final String RULE = "a split's files are named after it (train.csv, validation.jsonl, test.parquet,"
            + " train-00000-of-00002.parquet) or contain a split keyword between -, ., _, space or digits"
            + " (my_train.csv; keywords train, training, validation, valid, dev, val, test, testing, eval,"
            + " evaluation)";

    private static final Map<String, List<String>> KEYWORDS = keywords();
    private static final String DELIMITER = "[-._ 0-9]";
    /** Per split: one of its keywords between the start or a delimiter and the end or a delimiter. */
    private static final Map<String, Pattern> KEYWORD_PATTERNS = keywordPatterns();

    private static final Pattern SHARD_SUFFIX = Pattern.compile("-\\d{5}-of-\\d{5}$");
    private static final Pattern WORD = Pattern.compile("[a-z]+");
    private static final Pattern SPLIT_NAME = Pattern.compile("\\w+(\\.\\w+)*", Pattern.UNICODE_CHARACTER_CLASS);
    private static final int MAX_DEPTH = 4;

    private SplitDiscovery() {}

    private static Map<String, List<String>> keywords() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        map.put("train", List.of("train", "training"));
        map.put("validation", List.of("validation", "valid", "dev", "val"));
        map.put("test", List.of("test", "testing", "eval", "evaluation"));
        return map;
    }

    private static Map<String, Pattern> keywordPatterns() {
        Map<String, Pattern> map = new LinkedHashMap<>();
        KEYWORDS.forEach((split, words) -> map.put(
                split, Pattern.compile("(^|" + DELIMITER + ")(" + String.join("|", words) + ")($|" + DELIMITER + ")")));
        return map;
    }

    /** The splits in order: train, validation, test, then the others by name. */
    static Map<String, SplitFiles> discover(DataSettings settings, Path baseDirectory, BuildLog log) {
        return discover(settings, baseDirectory, List.of(), log);
    }

    /** As above; a {@code dataset} that is no local path is offered to {@code remote} sources in order. */
    static Map<String, SplitFiles> discover(
            DataSettings settings, Path baseDirectory, List<DatasetSource> remote, BuildLog log) {
        Map<String, List<DataFile>> found = new LinkedHashMap<>();
        String origin = "dataset";
        if (settings.dataset() != null && !settings.dataset().isBlank()) {
            String dataset = settings.dataset().trim();
            Optional<Map<String, List<DataFile>>> elsewhere = isLocal(dataset, baseDirectory)
                    ? Optional.empty()
                    : remote.stream()
                            .map(s -> s.resolve(dataset, log))
                            .flatMap(Optional::stream)
                            .findFirst();
            found.putAll(elsewhere.isPresent() ? elsewhere.get() : fromDataset(dataset, baseDirectory, log));
        }
        for (Map.Entry<String, String> entry : new TreeMap<>(settings.dataFiles()).entrySet()) {
            found.put(entry.getKey().trim(), fromDataFiles(entry.getKey().trim(), entry.getValue(), baseDirectory));
        }
        Map<String, SplitFiles> splits = new LinkedHashMap<>();
        for (String name : ordered(found.keySet())) {
            boolean explicit = settings.dataFiles().keySet().stream()
                    .anyMatch(k -> k.trim().equals(name));
            splits.put(
                    name,
                    withOneFormat(
                            name,
                            found.get(name),
                            explicit ? "dataFiles" : origin,
                            explicit ? settings.dataFiles().get(name) : settings.dataset()));
            log.debug("Split " + name + ": " + splits.get(name).describeFiles());
        }
        return splits;
    }

    /**
     * The split a file stem names, {@code null} for none. A stem naming two splits gives "a|b" (the
     * caller reports it).
     */
    static String splitOf(String stem) {
        String lower = stem.toLowerCase(Locale.ROOT);
        String unsharded = SHARD_SUFFIX.matcher(lower).replaceFirst("");
        if (WORD.matcher(unsharded).matches()) {
            for (Map.Entry<String, List<String>> split : KEYWORDS.entrySet()) {
                if (split.getValue().contains(unsharded)) {
                    return split.getKey();
                }
            }
            return unsharded;
        }
        Set<String> matches = new LinkedHashSet<>();
        for (Map.Entry<String, Pattern> split : KEYWORD_PATTERNS.entrySet()) {
            if (split.getValue().matcher(lower).find()) {
                matches.add(split.getKey());
            }
        }
        return matches.isEmpty() ? null : String.join("|", matches);
    }

    /**
     * Whether {@code dataset} names no local path, so that {@link #discover} read it from a remote source (the
     * Hub): with none, or none that knew it, discover fails instead.
     */
    static boolean isRemote(DataSettings settings, Path baseDirectory) {
        return settings.dataset() != null
                && !settings.dataset().isBlank()
                && !isLocal(settings.dataset().trim(), baseDirectory);
    }

    private static boolean isLocal(String dataset, Path baseDirectory) {
        try {
            return Files.exists(baseDirectory.resolve(dataset));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private static Map<String, List<DataFile>> fromDataset(String dataset, Path baseDirectory, BuildLog log) {
        Path path = resolve("dataset", dataset, baseDirectory);
        if (!Files.exists(path)) {
            throw new ConfigurationException(
                    "dataset",
                    dataset,
                    "the path " + path + " does not exist",
                    "point <dataset> at a directory holding train.csv (or .tsv, .jsonl, .parquet) and friends, or"
                            + " at one data file; relative paths start at the project directory " + baseDirectory);
        }
        if (Files.isRegularFile(path)) {
            if (DataFormat.of(path.getFileName().toString()) == null) {
                throw new ConfigurationException(
                        "dataset",
                        dataset,
                        "the file " + path + " is not a known data" + " format",
                        "use one of " + DataFormat.knownExtensions());
            }
            return Map.of("train", List.of(new DataFile(path, path.getFileName().toString())));
        }
        List<Path> files = listFiles(path);
        Map<String, List<DataFile>> splits = new TreeMap<>();
        List<String> seen = new ArrayList<>();
        for (Path file : files) {
            String relative = path.relativize(file).toString().replace('\\', '/');
            seen.add(relative);
            if (DataFormat.of(file.getFileName().toString()) == null) {
                log.debug("Ignoring " + relative + " in the data set: not " + DataFormat.knownExtensions());
                continue;
            }
            String split = splitOfPath(path.relativize(file));
            if (split == null) {
                log.debug("Ignoring " + relative + " in the data set: its name names no split (" + RULE + ")");
            } else if (split.contains("|")) {
                log.warn("Ignoring " + relative + " in the data set: its name matches the splits "
                        + split.replace("|", " and ") + ". Rename it, or list it under <dataFiles>.");
            } else {
                splits.computeIfAbsent(split, s -> new ArrayList<>()).add(new DataFile(file, relative));
            }
        }
        if (splits.isEmpty()) {
            String listing = seen.isEmpty()
                    ? "it is empty"
                    : "it holds " + String.join(", ", seen.subList(0, Math.min(20, seen.size())))
                            + (seen.size() > 20 ? " and " + (seen.size() - 20) + " more" : "");
            throw new ConfigurationException(
                    "dataset",
                    dataset,
                    "the directory " + path + " has no data file" + " named after a split (" + listing + ")",
                    "name the files after their splits: " + RULE + "; the formats are " + DataFormat.knownExtensions()
                            + ". Or list them under <dataFiles>");
        }
        return splits;
    }

    /** The file's own name decides; failing that, the nearest folder that names a split. */
    private static String splitOfPath(Path relative) {
        String split = splitOf(DataFormat.stem(relative.getFileName().toString()));
        for (int i = relative.getNameCount() - 2; split == null && i >= 0; i--) {
            split = splitOf(relative.getName(i).toString());
        }
        return split;
    }

    private static List<Path> listFiles(Path directory) {
        try (Stream<Path> walk = Files.walk(directory, MAX_DEPTH)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !hidden(directory.relativize(p)))
                    .sorted(Comparator.comparing(p -> directory.relativize(p).toString()))
                    .toList();
        } catch (IOException e) {
            throw new FinetuneException("Cannot list the data set directory " + directory + ": " + e.getMessage(), e);
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static List<DataFile> fromDataFiles(String split, String value, Path baseDirectory) {
        String parameter = "dataFiles";
        if (!SPLIT_NAME.matcher(split).matches()) {
            throw new ConfigurationException(
                    parameter,
                    split,
                    "is not a split name",
                    "name splits with letters, digits and underscores, e.g. <train>data/a.csv</train>");
        }
        List<String> entries = value == null
                ? List.of()
                : Arrays.stream(value.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
        if (entries.isEmpty()) {
            throw new ConfigurationException(
                    parameter,
                    split + "=" + value,
                    "lists no file",
                    "give one or more comma-separated paths, e.g. <" + split + ">data/" + split + ".csv</" + split
                            + ">");
        }
        List<DataFile> files = new ArrayList<>();
        for (String entry : entries) {
            Path path = resolve(parameter, entry, baseDirectory);
            if (!Files.isRegularFile(path)) {
                throw new ConfigurationException(
                        parameter,
                        split + "=" + value,
                        "the file " + path + " does not exist",
                        "list existing files; relative paths start at the project directory " + baseDirectory);
            }
            if (DataFormat.of(path.getFileName().toString()) == null) {
                throw new ConfigurationException(
                        parameter,
                        split + "=" + value,
                        "the file " + path + " is not a known data format",
                        "use one of " + DataFormat.knownExtensions());
            }
            files.add(new DataFile(path, entry));
        }
        return files;
    }

    private static Path resolve(String parameter, String value, Path baseDirectory) {
        try {
            return baseDirectory.resolve(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ConfigurationException(
                    parameter,
                    value,
                    "is not a valid path (" + e.getReason() + ")",
                    "write a file system path, relative to the project directory or absolute");
        }
    }

    private static SplitFiles withOneFormat(String split, List<DataFile> files, String parameter, String value) {
        Map<DataFormat, List<String>> formats = files.stream()
                .collect(Collectors.groupingBy(
                        f -> DataFormat.of(f.path().getFileName().toString()),
                        TreeMap::new,
                        Collectors.mapping(DataFile::name, Collectors.toList())));
        if (formats.size() > 1) {
            String detail = formats.entrySet().stream()
                    .map(e -> e.getKey().title() + ": " + String.join(", ", e.getValue()))
                    .collect(Collectors.joining("; "));
            throw new ConfigurationException(
                    parameter,
                    value,
                    "the split " + split + " mixes formats (" + detail + ")",
                    "keep one format per split: convert the files, or move the others out of the data set");
        }
        return new SplitFiles(split, formats.keySet().iterator().next(), files);
    }

    private static List<String> ordered(Set<String> names) {
        List<String> ordered = new ArrayList<>();
        for (String standard : KEYWORDS.keySet()) {
            if (names.contains(standard)) {
                ordered.add(standard);
            }
        }
        names.stream().filter(n -> !KEYWORDS.containsKey(n)).sorted().forEach(ordered::add);
        return ordered;
    }
}
