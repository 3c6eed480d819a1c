package dev.stellar.finetune.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A runtime form of the trained classifier that freeze-and-train writes beside model.safetensors. */
public enum ExportFormat {
    /** The whole classifier as one float32 ONNX graph. */
    ONNX("onnx", "model.onnx"),
    /** The same graph with the encoder's Linear layers dynamically quantized to int8, and int8 word embeddings. */
    ONNX_INT8("onnx-int8", "model_int8.onnx");

    private final String id;
    private final String fileName;

    ExportFormat(String id, String fileName) {
        this.id = id;
        this.fileName = fileName;
    }

    public String id() {
        return id;
    }

    /** The file it is written to in the model directory. */
    public String fileName() {
        return fileName;
    }

    /** The default: the float32 ONNX graph. */
    public static List<ExportFormat> defaults() {
        return List.of(ONNX);
    }

    /**
     * The {@code exportFormats} parameter: comma-separated ids; empty or {@code none} for no export. Order
     * and repetition do not matter.
     */
    public static List<ExportFormat> parseList(String value) {
        String text = value == null ? "" : value.trim();
        if (text.isEmpty() || text.equalsIgnoreCase("none")) {
            return List.of();
        }
        List<ExportFormat> formats = new ArrayList<>();
        for (String part : text.split(",")) {
            String id = part.trim().toLowerCase(Locale.ROOT);
            ExportFormat format = Arrays.stream(values())
                    .filter(f -> f.id.equals(id))
                    .findFirst()
                    .orElseThrow(() -> new ConfigurationException(
                            "exportFormats",
                            value,
                            "unknown export format \"" + part.trim() + "\"",
                            "use " + choices() + " (comma-separated), or none for no export"));
            if (!formats.contains(format)) {
                formats.add(format);
            }
        }
        formats.sort(null);
        return List.copyOf(formats);
    }

    private static String choices() {
        return Arrays.stream(values()).map(ExportFormat::id).collect(Collectors.joining(", "));
    }
}
