package dev.stellar.finetune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.io.AtomicFiles;
import dev.stellar.finetune.io.CacheEntry;
import dev.stellar.finetune.io.DType;
import dev.stellar.finetune.io.EntryLock;
import dev.stellar.finetune.io.FileMoves;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.io.SafetensorsFile;
import dev.stellar.finetune.io.SafetensorsWriter;
import dev.stellar.finetune.io.Tensor;
import dev.stellar.finetune.io.TensorInfo;
import dev.stellar.finetune.log.BuildLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The checkpoint of a training run in {@code target/finetune/checkpoint/}: state.json, the trainable
 * weights, AdamW's moments and the best epoch's weights as safetensors. Written as a whole under a
 * temporary name, flushed to the disk and swapped in, so a run killed while writing (or a power loss) leaves
 * the previous checkpoint. One that cannot be read is set aside, never a reason to fail the build.
 */
public final class ResumeStore {

    private static final String STATE = "state.json";
    private static final String WEIGHTS = "weights.safetensors";
    private static final String MOMENTS = "optimizer.safetensors";
    private static final String BEST = "best.safetensors";

    private final Path directory;
    private final String fingerprint;
    private final BuildLog log;

    public ResumeStore(Path directory, String fingerprint, BuildLog log) {
        this.directory = directory;
        this.fingerprint = fingerprint;
        this.log = log;
    }

    public Path directory() {
        return directory;
    }

    String fingerprint() {
        return fingerprint;
    }

    boolean exists() {
        return Files.isRegularFile(directory.resolve(STATE));
    }

    /** Written whole under the checkpoint's lock; what an interrupted save left beside it is removed first. */
    void save(TrainingState state, Map<String, Parameter> trainable, AdamW optimizer, WeightSnapshot best) {
        new CacheEntry(directory, "the checkpoint")
                .replace(
                        target -> {
                            SafetensorsWriter.write(target.resolve(WEIGHTS), Map.of(), tensors("", arrays(trainable)));
                            List<Tensor> moments = new ArrayList<>(tensors("m.", optimizer.means()));
                            moments.addAll(tensors("v.", optimizer.variances()));
                            SafetensorsWriter.write(target.resolve(MOMENTS), Map.of(), moments);
                            if (best.isTaken()) {
                                SafetensorsWriter.write(target.resolve(BEST), Map.of(), tensors("", best.copies()));
                            }
                            AtomicFiles.writeString(target.resolve(STATE), Json.pretty(state) + "\n");
                        },
                        log);
    }

    /**
     * The saved state, with the weights, moments and best snapshot already put back, if a checkpoint of this
     * fingerprint is there. A checkpoint of another configuration is deleted; one that cannot be read (cut
     * short, edited, half of it missing) is set aside with a warning, and training starts over.
     */
    Optional<TrainingState> restore(
            Map<String, Parameter> trainable, AdamW optimizer, WeightSnapshot best, BuildLog log) {
        removeLeftovers(log);
        if (!Files.exists(directory)) {
            return Optional.empty();
        }
        TrainingState state;
        try {
            state = readState();
            if (fingerprint.equals(state.fingerprint)) {
                check(state, trainable, optimizer);
            }
        } catch (RuntimeException e) {
            setAside(e, log);
            return Optional.empty();
        }
        if (!fingerprint.equals(state.fingerprint)) {
            log.info("Discarding the checkpoint in " + directory + ": it belongs to other inputs or settings");
            clear();
            return Optional.empty();
        }
        // Every file was checked before any of it is applied: a damaged one never leaves half a model.
        try (SafetensorsFile weights = SafetensorsFile.open(directory.resolve(WEIGHTS));
                SafetensorsFile moments = SafetensorsFile.open(directory.resolve(MOMENTS))) {
            trainable.forEach((name, p) -> p.getArray().set(weights.floatsDirect(name)));
            optimizer.means().forEach((name, m) -> m.set(moments.floatsDirect("m." + name)));
            optimizer.variances().forEach((name, v) -> v.set(moments.floatsDirect("v." + name)));
        }
        optimizer.resumeAt(state.optimizerUpdates);
        if (state.hasBestSnapshot) {
            try (SafetensorsFile saved = SafetensorsFile.open(directory.resolve(BEST))) {
                Map<String, ByteBuffer> values = new LinkedHashMap<>();
                trainable.keySet().forEach(name -> values.put(name, saved.floatsDirect(name)));
                best.takeFrom(values);
            }
        }
        return Optional.of(state);
    }

    private TrainingState readState() {
        Path file = directory.resolve(STATE);
        if (!Files.isRegularFile(file)) {
            throw new FinetuneException(file + " is missing");
        }
        TrainingState state = Json.read(file, TrainingState.class);
        if (state == null
                || state.fingerprint == null
                || state.epochs == null
                || state.truth == null
                || state.predicted == null
                || state.epoch < 1
                || state.batch < 0
                || state.seen < 0
                || state.truth.length != state.seen
                || state.predicted.length != state.seen) {
            throw new FinetuneException(file + " lacks fields or holds impossible values");
        }
        return state;
    }

    /** Every tensor the run needs is there, of a floating type and of the model's size (files cut short fail). */
    private void check(TrainingState state, Map<String, Parameter> trainable, AdamW optimizer) {
        try (SafetensorsFile weights = SafetensorsFile.open(directory.resolve(WEIGHTS));
                SafetensorsFile moments = SafetensorsFile.open(directory.resolve(MOMENTS))) {
            trainable.forEach((name, p) -> check(weights, name, p.getArray()));
            optimizer.means().forEach((name, m) -> check(moments, "m." + name, m));
            optimizer.variances().forEach((name, v) -> check(moments, "v." + name, v));
        }
        if (state.hasBestSnapshot) {
            try (SafetensorsFile saved = SafetensorsFile.open(directory.resolve(BEST))) {
                trainable.forEach((name, p) -> check(saved, name, p.getArray()));
            }
        }
    }

    private static void check(SafetensorsFile file, String name, NDArray like) {
        TensorInfo info = file.info(name);
        if (!info.dtype().isFloating() || info.elementCount() != like.size()) {
            throw new FinetuneException("tensor '" + name + "' of " + file.path() + " holds " + info.elementCount()
                    + " " + info.dtype() + " values where the model has " + like.size() + " floats");
        }
    }

    /** Renames the unreadable checkpoint out of the way (kept for a post-mortem), so training starts over. */
    private void setAside(RuntimeException damage, BuildLog log) {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
                .format(LocalDateTime.now(ZoneId.systemDefault()));
        Path aside = directory.resolveSibling(directory.getFileName() + ".damaged-" + stamp);
        try {
            FileMoves.system().rename(directory, aside);
        } catch (IOException e) {
            clear();
            log.warn("The checkpoint in " + directory + " cannot be read (" + damage.getMessage() + ") and was"
                    + " deleted; training starts over.");
            return;
        }
        log.warn("The checkpoint in " + directory + " cannot be read (" + damage.getMessage() + "); set it aside as "
                + aside + " and training starts over. Delete that folder when you no longer need it.");
    }

    /** What a run killed while saving left beside the checkpoint (weights, moments): no other build writes it. */
    private void removeLeftovers(BuildLog log) {
        try (EntryLock ignored = new CacheEntry(directory, "the checkpoint").lock(log)) {
            AtomicFiles.removeStaleTemporaries(directory, Duration.ZERO)
                    .forEach(p -> log.info("Removed " + p + ", left by a run interrupted while saving a checkpoint"));
        }
    }

    public void clear() {
        try (EntryLock ignored = new CacheEntry(directory, "the checkpoint").lock(log)) {
            AtomicFiles.removeStaleTemporaries(directory, Duration.ZERO);
            AtomicFiles.deleteRecursively(directory);
        } catch (IOException e) {
            throw new FinetuneException(
                    "Cannot delete the checkpoint " + directory + ": " + e.getMessage() + ". Fix: delete that folder",
                    e);
        }
    }

    private static Map<String, NDArray> arrays(Map<String, Parameter> parameters) {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        parameters.forEach((name, p) -> arrays.put(name, p.getArray()));
        return arrays;
    }

    private static List<Tensor> tensors(String prefix, Map<String, NDArray> arrays) {
        List<Tensor> tensors = new ArrayList<>();
        arrays.forEach((name, array) -> tensors.add(
                new Tensor(prefix + name, DType.F32, array.getShape().getShape(), array.toByteBuffer(true))));
        return tensors;
    }
}
