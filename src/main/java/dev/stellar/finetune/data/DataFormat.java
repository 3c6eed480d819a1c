package dev.stellar.finetune.data;

import java.util.List;
import java.util.Locale;

/** The table formats prepare-data reads, recognised by file extension (compressed text files included). */
public enum DataFormat {
    CSV("CSV", List.of(".csv")),
    TSV("TSV", List.of(".tsv")),
    JSON_LINES("JSON Lines", List.of(".jsonl", ".ndjson", ".json")),
    PARQUET("Parquet", List.of(".parquet"));

    /** Compression suffixes DuckDB decompresses on its own; Parquet compresses inside the file instead. */
    private static final List<String> COMPRESSION = List.of(".gz", ".zst");

    private final String title;

    @SuppressWarnings("ImmutableEnumChecker") // List.of: immutable
    private final List<String> extensions;

    DataFormat(String title, List<String> extensions) {
        this.title = title;
        this.extensions = extensions;
    }

    public String title() {
        return title;
    }

    /** The extensions every format accepts, for messages. */
    public static String knownExtensions() {
        return ".csv, .tsv, .jsonl (also .json, .ndjson), .parquet; text formats also as .gz or .zst";
    }

    /** The format of a file name, or {@code null} when it is not a data file. */
    public static DataFormat of(String fileName) {
        String name = stripCompression(fileName.toLowerCase(Locale.ROOT));
        boolean compressed = name.length() != fileName.length();
        for (DataFormat format : values()) {
            for (String extension : format.extensions) {
                if (name.endsWith(extension) && name.length() > extension.length()) {
                    return compressed && format == PARQUET ? null : format;
                }
            }
        }
        return null;
    }

    /** The file name without its format and compression extensions: "train-00000-of-00002.csv.gz" -> "train-00000-of-00002". */
    public static String stem(String fileName) {
        String name = fileName.substring(
                0, stripCompression(fileName.toLowerCase(Locale.ROOT)).length());
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    public static boolean isCompressed(String fileName) {
        return !stripCompression(fileName.toLowerCase(Locale.ROOT)).equals(fileName.toLowerCase(Locale.ROOT));
    }

    private static String stripCompression(String lowerName) {
        for (String suffix : COMPRESSION) {
            if (lowerName.endsWith(suffix)) {
                return lowerName.substring(0, lowerName.length() - suffix.length());
            }
        }
        return lowerName;
    }
}
