package dev.stellar.finetune.predict;

import dev.stellar.finetune.config.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where finetune:predict may write its predictions: never over the file it classifies (links resolved, so a
 * symbolic or hard link to it counts as it), and over an existing file only when that file is empty or one
 * finetune:predict wrote (its first line is a predictions header), unless {@code overwrite} says so.
 */
public final class PredictionsTarget {

    /** The first line of a predictions file is its header; a longer first line is no header of ours. */
    private static final int HEADER_LIMIT = 64 * 1024;

    private PredictionsTarget() {}

    /**
     * Fails when writing {@code file} would destroy the user's data.
     *
     * @param input the file whose rows are classified, or {@code null} for a text from the command line
     * @param overwrite the overwrite parameter: an existing file that is not ours may be replaced
     */
    public static void check(Path file, Path input, boolean overwrite) {
        if (Files.isDirectory(file)) {
            throw new ConfigurationException(
                    "predictionsFile",
                    file,
                    "it is a folder",
                    "name a CSV file, e.g." + " -Dfinetune.predictionsFile=predictions.csv");
        }
        if (!Files.exists(file)) {
            return;
        }
        if (input != null && sameFile(file, input)) {
            throw new ConfigurationException(
                    "predictionsFile",
                    file,
                    "it is the input file " + input + " (the same"
                            + " file once links are resolved), and writing the predictions there would replace the rows"
                            + " being classified",
                    "name another file, e.g. -Dfinetune.predictionsFile=predictions.csv");
        }
        if (!overwrite && !writtenByPredict(file)) {
            throw new ConfigurationException(
                    "predictionsFile",
                    file,
                    "the file exists and finetune:predict did not"
                            + " write it (its first line is not a predictions header: the text column(s), "
                            + PredictionsCsv.PREDICTED + ", then " + PredictionsCsv.PROBABILITY
                            + "<label> columns), so it is"
                            + " left as it is",
                    "name a new file, or set -Dfinetune.overwrite=true to replace it");
        }
    }

    private static boolean sameFile(Path file, Path input) {
        try {
            return Files.exists(input) && Files.isSameFile(file, input);
        } catch (IOException e) {
            // One of them cannot be inspected: compare where they lead as far as that goes.
            return file.toAbsolutePath()
                    .normalize()
                    .equals(input.toAbsolutePath().normalize());
        }
    }

    /** Empty, or its first line is a header that {@link PredictionsCsv} writes. */
    static boolean writtenByPredict(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEADER_LIMIT);
        } catch (IOException e) {
            return false;
        }
        return head.length == 0 || PredictionsCsv.isHeader(firstRecord(new String(head, StandardCharsets.UTF_8)));
    }

    /** The cells of the first CSV record (RFC 4180 quoting); {@code null} when it does not end within the text. */
    static List<String> firstRecord(String text) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n' || c == '\r') {
                cells.add(cell.toString());
                return cells;
            } else {
                cell.append(c);
            }
        }
        return null;
    }
}
