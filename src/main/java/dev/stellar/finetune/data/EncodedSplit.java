package dev.stellar.finetune.data;

import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.io.SafetensorsFile;
import dev.stellar.finetune.io.SafetensorsWriter;
import dev.stellar.finetune.io.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One tokenized split as training and evaluation consume it: per row the token ids (special tokens
 * included, not padded), the token type ids and its target: a label id (single-label), or a row of floats
 * (multi-label: 1 or 0 per label; regression: the value). Both are {@code null} when the split has no labels.
 *
 * <p>Stored as safetensors with ragged rows flattened: {@code input_ids} (I32, all tokens),
 * {@code token_type_ids} (I8), {@code offsets} (I64, rows + 1) and, for labelled splits, {@code labels}
 * (I64) or {@code targets} (F32, rows x width), so Python can read it with the safetensors package; the
 * targets are what transformers' loss takes as {@code labels} for those problem types.
 */
public record EncodedSplit(String role, int[][] inputIds, int[][] tokenTypeIds, int[] labels, float[][] targets) {

    public static final int NO_LABEL = -1;
    private static final String FORMAT = "finetune-encoded-split";

    public EncodedSplit {
        if (inputIds.length != tokenTypeIds.length
                || (labels != null && labels.length != inputIds.length)
                || (targets != null && targets.length != inputIds.length)) {
            throw new IllegalArgumentException("row counts differ");
        }
        if (labels != null && targets != null) {
            throw new IllegalArgumentException("a split has label ids or targets, not both");
        }
    }

    /** A single-label split ({@code labels} null when unlabelled). */
    public EncodedSplit(String role, int[][] inputIds, int[][] tokenTypeIds, int[] labels) {
        this(role, inputIds, tokenTypeIds, labels, null);
    }

    public int size() {
        return inputIds.length;
    }

    public boolean labeled() {
        return labels != null || targets != null;
    }

    /** The same rows with other targets (or none). */
    public EncodedSplit withTargets(int[] labelIds, float[][] values) {
        return new EncodedSplit(role, inputIds, tokenTypeIds, labelIds, values);
    }

    public int length(int row) {
        return inputIds[row].length;
    }

    public long tokenCount() {
        long n = 0;
        for (int[] row : inputIds) {
            n += row.length;
        }
        return n;
    }

    public static Path file(Path dataDirectory, String role) {
        return dataDirectory.resolve(role + ".safetensors");
    }

    public void write(Path file) {
        long total = tokenCount();
        int[] ids = new int[Math.toIntExact(total)];
        byte[] types = new byte[ids.length];
        long[] offsets = new long[size() + 1];
        int at = 0;
        for (int r = 0; r < size(); r++) {
            offsets[r] = at;
            for (int t = 0; t < inputIds[r].length; t++) {
                ids[at] = inputIds[r][t];
                types[at] = (byte) tokenTypeIds[r][t];
                at++;
            }
        }
        offsets[size()] = at;
        List<Tensor> tensors = new ArrayList<>();
        tensors.add(Tensor.ofInts("input_ids", new long[] {total}, ids));
        tensors.add(Tensor.ofBytes("token_type_ids", new long[] {total}, types));
        tensors.add(Tensor.ofLongs("offsets", new long[] {offsets.length}, offsets));
        if (labels != null) {
            long[] wide = new long[labels.length];
            for (int i = 0; i < labels.length; i++) {
                wide[i] = labels[i];
            }
            tensors.add(Tensor.ofLongs("labels", new long[] {wide.length}, wide));
        }
        if (targets != null) {
            int width = targets.length == 0 ? 0 : targets[0].length;
            float[] flat = new float[targets.length * width];
            for (int r = 0; r < targets.length; r++) {
                System.arraycopy(targets[r], 0, flat, r * width, width);
            }
            tensors.add(Tensor.ofFloats("targets", new long[] {targets.length, width}, flat));
        }
        SafetensorsWriter.write(file, Map.of("format", FORMAT, "role", role), tensors);
    }

    public static EncodedSplit read(Path file) {
        try (SafetensorsFile in = SafetensorsFile.open(file)) {
            if (!FORMAT.equals(in.metadata().get("format"))) {
                throw new FinetuneException(
                        "File " + file + " is not an encoded split written by finetune:prepare-data."
                                + " Fix: run mvn finetune:prepare-data again.");
            }
            int[] ids = in.ints("input_ids");
            long[] types = in.longs("token_type_ids");
            long[] offsets = in.longs("offsets");
            int[] labels = in.tensors().containsKey("labels") ? in.ints("labels") : null;
            float[][] targets = in.tensors().containsKey("targets") ? targets(in) : null;
            checkLayout(file, ids.length, types.length, offsets, labels);
            if (targets != null && targets.length != offsets.length - 1) {
                throw new FinetuneException("File " + file + " is a damaged encoded split: it has " + targets.length
                        + " targets for " + (offsets.length - 1) + " rows. Fix: run mvn finetune:prepare-data again.");
            }
            int rows = offsets.length - 1;
            int[][] rowIds = new int[rows][];
            int[][] rowTypes = new int[rows][];
            for (int r = 0; r < rows; r++) {
                int from = Math.toIntExact(offsets[r]);
                int to = Math.toIntExact(offsets[r + 1]);
                rowIds[r] = Arrays.copyOfRange(ids, from, to);
                rowTypes[r] = new int[to - from];
                for (int t = from; t < to; t++) {
                    rowTypes[r][t - from] = (int) types[t];
                }
            }
            return new EncodedSplit(in.metadata().getOrDefault("role", "unknown"), rowIds, rowTypes, labels, targets);
        }
    }

    private static float[][] targets(SafetensorsFile in) {
        long[] shape = in.tensors().get("targets").shape();
        float[] flat = in.floats("targets");
        int rows = shape.length == 2 ? Math.toIntExact(shape[0]) : 0;
        int width = shape.length == 2 ? Math.toIntExact(shape[1]) : 0;
        float[][] targets = new float[rows][];
        for (int r = 0; r < rows; r++) {
            targets[r] = Arrays.copyOfRange(flat, r * width, (r + 1) * width);
        }
        return targets;
    }

    /** The flattened rows must tile input_ids exactly, so a damaged file is named before rows are cut from it. */
    private static void checkLayout(Path file, int tokens, int typeCount, long[] offsets, int[] labels) {
        String problem = null;
        if (offsets.length == 0 || offsets[0] != 0 || offsets[offsets.length - 1] != tokens) {
            problem = "its offsets do not run from 0 to the " + tokens + " tokens of input_ids";
        } else if (typeCount != tokens) {
            problem = "it has " + typeCount + " token_type_ids for " + tokens + " input_ids";
        } else if (labels != null && labels.length != offsets.length - 1) {
            problem = "it has " + labels.length + " labels for " + (offsets.length - 1) + " rows";
        }
        for (int r = 1; problem == null && r < offsets.length; r++) {
            if (offsets[r] < offsets[r - 1]) {
                problem = "its offsets decrease at row " + r;
            }
        }
        if (problem != null) {
            throw new FinetuneException("File " + file + " is a damaged encoded split: " + problem
                    + ". Fix: run mvn finetune:prepare-data again.");
        }
    }
}
