package dev.stellar.finetune.pipeline;

import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.io.AtomicFiles;
import dev.stellar.finetune.io.CacheEntry;
import dev.stellar.finetune.io.EntryLock;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelWriter;
import dev.stellar.finetune.train.TrainingReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Trained models that can be reused instead of trained again: the one in target/finetune/model when its
 * fingerprint matches, else one kept in the model cache (a folder per fingerprint) by an earlier build.
 * Builds sharing the cache lock each entry: it is written once, complete, and never replaced.
 */
final class TrainedModels {

    private final Path modelDirectory;
    private final Path cacheDirectory;

    /** @param cacheDirectory the model cache, or {@code null} for none */
    TrainedModels(Path modelDirectory, Path cacheDirectory) {
        this.modelDirectory = modelDirectory;
        this.cacheDirectory = cacheDirectory;
    }

    /** The report of a model trained from these very inputs, put in place if it came from the cache. */
    Optional<TrainingReport> reuse(TrainingFingerprint fingerprint, BuildLog log) {
        Optional<TrainingReport> current = reportIfTrainedFrom(modelDirectory, fingerprint);
        if (current.isPresent()) {
            log.info("The model is up to date (fingerprint " + fingerprint.shortValue() + "): " + modelDirectory
                    + " was trained from the same model, data and settings; not training again."
                    + " -Dfinetune.force=true retrains.");
            return current;
        }
        if (cacheDirectory == null) {
            return Optional.empty();
        }
        CacheEntry entry = entry(fingerprint);
        Path cached = entry.directory();
        if (!entry.isComplete()) {
            return Optional.empty();
        }
        try (EntryLock ignored = entry.lock(log)) { // held while copying: pruning waits, never half-removes it
            Optional<TrainingReport> fromCache = reportIfTrainedFrom(cached, fingerprint);
            if (fromCache.isPresent()) {
                AtomicFiles.replaceDirectory(modelDirectory, target -> copy(cached, target));
                entry.touch();
                log.info("Restored the model trained from the same inputs (fingerprint " + fingerprint.shortValue()
                        + ") from the model cache " + cached + "; not training again.");
            }
            return fromCache;
        }
    }

    /** Keeps a copy of the freshly written model in the cache, under its fingerprint. */
    void remember(TrainingFingerprint fingerprint, BuildLog log) {
        if (cacheDirectory != null) {
            CacheEntry entry = entry(fingerprint);
            if (entry.fillIfAbsent(target -> copy(modelDirectory, target), log)) {
                log.info("Kept a copy in the model cache: " + entry.directory());
            } else {
                log.info("The model cache already holds this model (another build kept it): " + entry.directory());
            }
        }
    }

    /** A cache entry is finished when it holds a whole model; an older version's half copy is not. */
    private CacheEntry entry(TrainingFingerprint fingerprint) {
        return new CacheEntry(
                cacheDirectory.resolve(fingerprint.value()), "the model cache entry", TrainedModels::holdsModel);
    }

    private static boolean holdsModel(Path directory) {
        return Files.isRegularFile(directory.resolve(ModelWriter.TRAINING_REPORT))
                && Files.isRegularFile(directory.resolve(ModelDirectory.WEIGHTS))
                && Files.isRegularFile(directory.resolve(ModelDirectory.CONFIG));
    }

    private static Optional<TrainingReport> reportIfTrainedFrom(Path directory, TrainingFingerprint fingerprint) {
        Path report = directory.resolve(ModelWriter.TRAINING_REPORT);
        if (!holdsModel(directory)) {
            return Optional.empty();
        }
        try {
            TrainingReport existing = Json.read(report, TrainingReport.class);
            return fingerprint.value().equals(existing.fingerprint()) ? Optional.of(existing) : Optional.empty();
        } catch (FinetuneException e) {
            return Optional.empty(); // an unreadable report means: train again
        }
    }

    /** Copies the files (not folders) of one model directory into another. */
    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, to.resolve(file.getFileName().toString()));
            }
        }
    }
}
