package dev.stellar.finetune.model;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;
import dev.stellar.finetune.engine.PluginVersion;
import dev.stellar.finetune.io.AtomicFiles;
import dev.stellar.finetune.io.DType;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.io.SafetensorsWriter;
import dev.stellar.finetune.io.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a fine-tuned model in Hugging Face layout: config.json (with id2label and the head's shape),
 * model.safetensors (encoder and head under Hugging Face names), the tokenizer it was trained with
 * (tokenizer.json, as it was or as built from vocab.txt or spm.model, and vocab.txt; tokenizer_config.json and
 * special_tokens_map.json written to match them) and training.json. The directory is built under a temporary name and swapped in whole.
 */
public final class ModelWriter {

    public static final String TRAINING_REPORT = "training.json";
    public static final String METRICS = "metrics.json";
    public static final String METRICS_CSV = "metrics.csv";

    private ModelWriter() {}

    /**
     * @param maxLength the token budget the training data was encoded with, the tokenizer's model_max_length
     * @param metricsCsv the per-epoch figures as CSV, beside the same figures as JSON
     */
    public static void write(
            ClassifierModel model,
            Path target,
            Path tokenizerDirectory,
            int maxLength,
            Object trainingReport,
            Object metrics,
            String metricsCsv) {
        AtomicFiles.replaceDirectory(target, directory -> {
            JsonObject config = model.config().raw().deepCopy();
            HeadLayout.write(config, model.head(), model.labels(), model.task(), PluginVersion.get());
            Files.writeString(directory.resolve(ModelDirectory.CONFIG), Json.pretty(config) + "\n");
            SafetensorsWriter.write(
                    directory.resolve(ModelDirectory.WEIGHTS), Map.of("format", "pt"), tensors(model.weights()));
            copyTokenizer(tokenizerDirectory, directory);
            TokenizerConfig.write(tokenizerDirectory, directory, config, maxLength);
            Files.writeString(directory.resolve(TRAINING_REPORT), Json.pretty(trainingReport) + "\n");
            Files.writeString(directory.resolve(METRICS), Json.pretty(metrics) + "\n");
            Files.writeString(directory.resolve(METRICS_CSV), metricsCsv);
        });
    }

    private static List<Tensor> tensors(Map<String, NDArray> weights) {
        List<Tensor> tensors = new ArrayList<>();
        weights.forEach((name, array) -> {
            ByteBuffer bytes = array.toByteBuffer(true);
            if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
                ByteBuffer little = ByteBuffer.allocate(bytes.capacity()).order(ByteOrder.LITTLE_ENDIAN);
                little.asFloatBuffer().put(bytes.order(ByteOrder.nativeOrder()).asFloatBuffer());
                bytes = little;
            }
            tensors.add(new Tensor(name, DType.F32, array.getShape().getShape(), bytes));
        });
        return tensors;
    }

    private static void copyTokenizer(Path from, Path to) throws IOException {
        for (String name : List.of(ModelDirectory.TOKENIZER, ModelDirectory.VOCAB)) {
            Path file = from.resolve(name);
            if (Files.isRegularFile(file)) {
                Files.copy(file, to.resolve(name));
            }
        }
    }
}
