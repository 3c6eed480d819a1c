package dev.stellar.finetune.export;

import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.config.ExportFormat;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.config.HeadSettings;
import dev.stellar.finetune.engine.PluginVersion;
import dev.stellar.finetune.io.AtomicFiles;
import dev.stellar.finetune.io.Json;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.model.Checkpoint;
import dev.stellar.finetune.model.HeadLayout;
import dev.stellar.finetune.model.ModelDirectory;
import dev.stellar.finetune.model.ModelTask;
import dev.stellar.finetune.model.ModelWriter;
import dev.stellar.finetune.model.onnx.DynamicInt8Linear;
import dev.stellar.finetune.model.onnx.Fp32Linear;
import dev.stellar.finetune.model.onnx.OnnxEmbedding;
import dev.stellar.finetune.model.onnx.OnnxLinear;
import dev.stellar.finetune.model.onnx.proto.ModelProto;
import dev.stellar.finetune.train.TrainingReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes the runtime forms of a trained model into its directory, one file per export format, and removes
 * those no longer asked for. It runs after the model is saved, so a failed export never costs the training:
 * the model stays in place, and the next build (up to date) only retries the export.
 */
public final class ModelExporter {

    /** Protobuf cannot write a message of 2 GiB or more; a margin covers the graph's own bytes. */
    static final long ONE_FILE_LIMIT = Integer.MAX_VALUE - (64L << 20);
    /** The tensors onnx-int8 stores in int8: the encoder's Linear weights and the word embeddings. */
    private static final Pattern QUANTIZED = Pattern.compile(
            "^(bert\\.)?(encoder\\.layer\\.\\d+\\.(attention\\.self\\.(query|key|value)|attention\\.output\\.dense"
                    + "|intermediate\\.dense|output\\.dense)|embeddings\\.word_embeddings)\\.weight$");

    private final long sizeLimit;

    public ModelExporter() {
        this(ONE_FILE_LIMIT);
    }

    /** @param sizeLimit the largest weights one file may hold (tests lower it) */
    ModelExporter(long sizeLimit) {
        this.sizeLimit = sizeLimit;
    }

    /** Brings the model directory's exports in line with {@code formats}. */
    public void export(Path modelDirectory, List<ExportFormat> formats, BuildLog log) {
        for (ExportFormat format : ExportFormat.values()) {
            Path file = modelDirectory.resolve(format.fileName());
            if (!formats.contains(format)) {
                removeIfPresent(file, format, log);
            } else if (Files.isRegularFile(file)) {
                log.info("The " + format.fileName() + " export is up to date: " + file);
            } else {
                write(modelDirectory, format, formats, log);
            }
        }
    }

    private void write(Path modelDirectory, ExportFormat format, List<ExportFormat> formats, BuildLog log) {
        long start = System.nanoTime();
        Path file = modelDirectory.resolve(format.fileName());
        ModelDirectory model = ModelDirectory.open(modelDirectory, modelDirectory.toString());
        HeadSettings head = HeadLayout.readHead(model);
        List<String> labels = HeadLayout.readLabels(model);
        if (head == null) {
            throw new FinetuneException("Cannot export " + modelDirectory + ": its config.json has no classifier"
                    + " record, so it is no model finetune:freeze-and-train wrote. Fix: train it again.");
        }
        try (Checkpoint checkpoint = Checkpoint.open(model)) {
            long bytes = weightBytes(checkpoint, format);
            if (bytes > sizeLimit) {
                throw new ConfigurationException(
                        "exportFormats",
                        ids(formats),
                        "the model's weights take "
                                + gib(bytes) + " in " + format.fileName() + ", and one ONNX file holds at most "
                                + gib(sizeLimit)
                                + " (the limit of protobuf, ONNX's file format). The trained model is kept in "
                                + modelDirectory,
                        format == ExportFormat.ONNX
                                ? "export onnx-int8 alone (" + gib(weightBytes(checkpoint, ExportFormat.ONNX_INT8))
                                        + "), or set exportFormats to none and use model.safetensors"
                                : "set exportFormats to none and use model.safetensors");
            }
            ModelProto onnx = ClassifierOnnxGraph.build(
                    model.config(),
                    head,
                    labels,
                    new CheckpointWeights(checkpoint),
                    linear(format),
                    words(format),
                    PluginVersion.get(),
                    metadata(modelDirectory, head, labels, HeadLayout.readTask(model), format));
            AtomicFiles.write(file, onnx::writeTo);
        } catch (ConfigurationException e) {
            throw e;
        } catch (FinetuneException | IllegalStateException | IllegalArgumentException e) {
            throw new FinetuneException(
                    "Cannot export " + modelDirectory + " as " + format.fileName() + ": "
                            + e.getMessage() + " The trained model is kept in " + modelDirectory
                            + ". Fix: set exportFormats"
                            + " to none to skip the export, and report this with the model's config.json.",
                    e);
        }
        log.info(String.format(
                Locale.ROOT,
                "Exported %s: %s (%s, %.1f s)",
                format.id(),
                file,
                megabytes(file),
                (System.nanoTime() - start) / 1e9));
    }

    private static OnnxLinear linear(ExportFormat format) {
        return switch (format) {
            case ONNX -> new Fp32Linear();
            case ONNX_INT8 -> new DynamicInt8Linear();
        };
    }

    private static OnnxEmbedding words(ExportFormat format) {
        return switch (format) {
            case ONNX -> OnnxEmbedding.FP32;
            case ONNX_INT8 -> OnnxEmbedding.INT8_ROWS;
        };
    }

    /** What an application needs beside the graph, readable through ONNX Runtime's model metadata. */
    private static Map<String, String> metadata(
            Path modelDirectory, HeadSettings head, List<String> labels, ModelTask task, ExportFormat format) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("id2label", HeadLayout.id2label(labels).toString());
        metadata.put(ClassifierOnnxGraph.PROBLEM_TYPE, task.problemType().transformersName());
        if (task.isMultiLabel()) {
            metadata.put("threshold", Double.toString(task.threshold()));
        }
        metadata.put("pooling", head.pooling().id());
        metadata.put("format", format.id());
        Path trainingFile = modelDirectory.resolve(ModelWriter.TRAINING_REPORT);
        if (Files.isRegularFile(trainingFile)) {
            TrainingReport training = Json.read(trainingFile, TrainingReport.class);
            if (training.maxLength() > 0) {
                metadata.put("max_length", Integer.toString(training.maxLength()));
            }
            if (training.textColumns() != null) {
                metadata.put("text_columns", String.join(",", training.textColumns()));
            }
        }
        return metadata;
    }

    /**
     * The bytes the format's initializers take: float32 everywhere, and in int8 one byte per encoder Linear weight
     * and word embedding.
     */
    private static long weightBytes(Checkpoint checkpoint, ExportFormat format) {
        long bytes = 0;
        for (String name : checkpoint.names()) {
            long elements = checkpoint.info(name).elementCount();
            boolean quantized =
                    format == ExportFormat.ONNX_INT8 && QUANTIZED.matcher(name).matches();
            bytes += quantized ? elements : 4 * elements;
        }
        return bytes;
    }

    private static void removeIfPresent(Path file, ExportFormat format, BuildLog log) {
        try {
            if (Files.deleteIfExists(file)) {
                log.info("Removed " + file + ": " + format.id() + " is not in exportFormats");
            }
        } catch (IOException e) {
            throw new FinetuneException("Cannot delete " + file + ": " + e + ". Fix: delete it by hand.", e);
        }
    }

    private static String ids(List<ExportFormat> formats) {
        return String.join(",", formats.stream().map(ExportFormat::id).toList());
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }

    private static String megabytes(Path file) {
        try {
            return String.format(Locale.ROOT, "%.1f MB", Files.size(file) / 1e6);
        } catch (IOException e) {
            return "size unknown";
        }
    }
}
