package dev.stellar.finetune.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.io.AtomicFiles;
import dev.stellar.finetune.io.DType;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.io.SafetensorsFile;
import dev.stellar.finetune.io.SafetensorsWriter;
import dev.stellar.finetune.io.Tensor;
import dev.stellar.finetune.log.BuildLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checkpoint of a training run in {@code target/finetune/checkpoint/}: state.json, the trainable
 * weights, AdamW's moments and the best epoch's weights as safetensors. Written as a whole under a
 * temporary name and swapped in, so a run killed while writing leaves the previous checkpoint.
 */
public final class ResumeStore {

    private static final String STATE = "state.json";
    private static final String WEIGHTS = "weights.safetensors";
    private static final String MOMENTS = "optimizer.safetensors";
    private static final String BEST = "best.safetensors";

    private final Path directory;
    private final String fingerprint;

    public ResumeStore(Path directory, String fingerprint) {
        this.directory = directory;
        this.fingerprint = fingerprint;
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

    void save(TrainingState state, Map<String, Parameter> trainable, AdamW optimizer, WeightSnapshot best) {
        AtomicFiles.replaceDirectory(directory, target -> {
            SafetensorsWriter.write(target.resolve(WEIGHTS), Map.of(), tensors("", arrays(trainable)));
            List<Tensor> moments = new ArrayList<>(tensors("m.", optimizer.means()));
            moments.addAll(tensors("v.", optimizer.variances()));
            SafetensorsWriter.write(target.resolve(MOMENTS), Map.of(), moments);
            if (best.isTaken()) {
                SafetensorsWriter.write(target.resolve(BEST), Map.of(), tensors("", best.copies()));
            }
            Files.writeString(target.resolve(STATE), Json.pretty(state) + "\n");
        });
    }

    /**
     * The saved state, with the weights, moments and best snapshot already put back, if a checkpoint of this
     * fingerprint is there. A checkpoint of another configuration is deleted.
     */
    Optional<TrainingState> restore(Map<String, Parameter> trainable, AdamW optimizer, WeightSnapshot best,
            BuildLog log) {
        if (!exists()) {
            return Optional.empty();
        }
        TrainingState state = Json.read(directory.resolve(STATE), TrainingState.class);
        if (!fingerprint.equals(state.fingerprint)) {
            log.info("Discarding the checkpoint in " + directory + ": it belongs to other inputs or settings");
            clear();
            return Optional.empty();
        }
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

    public void clear() {
        try {
            AtomicFiles.deleteRecursively(directory);
        } catch (IOException e) {
            throw new FinetuneException("Cannot delete the checkpoint " + directory + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, NDArray> arrays(Map<String, Parameter> parameters) {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        parameters.forEach((name, p) -> arrays.put(name, p.getArray()));
        return arrays;
    }

    private static List<Tensor> tensors(String prefix, Map<String, NDArray> arrays) {
        List<Tensor> tensors = new ArrayList<>();
        arrays.forEach((name, array) -> tensors.add(new Tensor(prefix + name, DType.F32, array.getShape().getShape(),
                array.toByteBuffer(true))));
        return tensors;
    }
}
