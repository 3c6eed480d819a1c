package dev.stellar.finetune.data;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.util.PairList;
import dev.stellar.finetune.config.ConfigurationException;
import dev.stellar.finetune.log.BuildLog;
import dev.stellar.finetune.log.ProgressMeter;
import dev.stellar.finetune.model.EncoderConfig;
import dev.stellar.finetune.model.ModelDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Tokenizes the rows of a split with the model's tokenizer. Every row is first encoded whole, which gives the
 * untruncated lengths the stats report; only the rows over {@code maxLength} are encoded again by a
 * truncating tokenizer, so the cut (longest-first for pairs) is the library's own.
 */
public final class SplitEncoder implements AutoCloseable {

    static final int CHUNK = 1024;

    private final HuggingFaceTokenizer whole;
    private final HuggingFaceTokenizer truncating;
    private final int maxLength;
    private final TokenizerCheck check;

    /**
     * The encoded split and what it took.
     *
     * @param lengths each row's length in tokens before truncation, special tokens included
     * @param truncated how many rows were cut to maxLength
     */
    public record Result(EncodedSplit split, int[] lengths, int truncated) {}

    private SplitEncoder(
            HuggingFaceTokenizer whole, HuggingFaceTokenizer truncating, int maxLength, TokenizerCheck check) {
        this.whole = whole;
        this.truncating = truncating;
        this.maxLength = maxLength;
        this.check = check;
    }

    /**
     * Loads tokenizer.json from {@code directory}, checked against the model first. The engine setup must have
     * run (it makes DJL offline).
     */
    static SplitEncoder open(Path directory, int maxLength, ModelDirectory model) {
        // Messages name the model's own file (the copy lives in a folder that is replaced as a whole).
        return open(directory, maxLength, model.config(), "model", model.location(), model.tokenizerSource());
    }

    /**
     * @param config the model the ids are for: its vocab_size and type_vocab_size bound them
     * @param parameter the parameter that named the model ({@code model}, or {@code modelDir} of predict)
     * @param location its value, for messages
     */
    public static SplitEncoder open(
            Path directory, int maxLength, EncoderConfig config, String parameter, String location) {
        Path file = directory.resolve(ModelDirectory.TOKENIZER);
        return open(directory, maxLength, config, parameter, location, file);
    }

    private static SplitEncoder open(
            Path directory, int maxLength, EncoderConfig config, String parameter, String location, Path source) {
        Path file = directory.resolve(ModelDirectory.TOKENIZER);
        TokenizerCheck check =
                new TokenizerCheck(file, source, config.vocabSize(), config.typeVocabSize(), parameter, location);
        check.checkFile();
        HuggingFaceTokenizer whole = null;
        try {
            // Explicit padding and truncation: some tokenizer.json files pin them, which must not apply here.
            whole = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(directory)
                    .optPadding(false)
                    .optTruncation(false)
                    .build();
            HuggingFaceTokenizer truncating = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(directory)
                    .optPadding(false)
                    .optTruncation(true)
                    .optMaxLength(maxLength)
                    .build();
            return new SplitEncoder(whole, truncating, maxLength, check);
        } catch (IOException | RuntimeException e) {
            if (whole != null) {
                whole.close();
            }
            throw new ConfigurationException(
                    parameter,
                    location,
                    "its tokenizer cannot be loaded from " + source + " (" + e.getMessage() + ")",
                    "restore the model's tokenizer.json, or remove it to have one built from spm.model or vocab.txt");
        }
    }

    /**
     * @param texts the first (or only) text of each row
     * @param pairs the second text of each row, or {@code null} for single texts
     * @param labels the label ids, or {@code null} for an unlabelled split
     */
    public Result encode(String role, List<String> texts, List<String> pairs, int[] labels, BuildLog log) {
        return encodeWithTargets(role, texts, pairs, labels == null ? null : Targets.ofIds(labels), log);
    }

    /** @param targets the rows' targets, or {@code null} for an unlabelled split */
    Result encodeWithTargets(String role, List<String> texts, List<String> pairs, Targets targets, BuildLog log) {
        int rows = texts.size();
        int[][] ids = new int[rows][];
        int[][] types = new int[rows][];
        int[] lengths = new int[rows];
        List<Integer> tooLong = new ArrayList<>();
        ProgressMeter meter = new ProgressMeter(log, "tokenizing " + role, rows, "rows");
        for (int from = 0; from < rows; from += CHUNK) {
            int to = Math.min(rows, from + CHUNK);
            Encoding[] encodings = encode(whole, texts, pairs, from, to);
            for (int i = from; i < to; i++) {
                Encoding encoding = encodings[i - from];
                check.checkIds(encoding.getIds(), encoding.getTypeIds(), i);
                lengths[i] = encoding.getIds().length;
                if (lengths[i] > maxLength) {
                    tooLong.add(i);
                } else {
                    ids[i] = toInts(encoding.getIds());
                    types[i] = toInts(encoding.getTypeIds());
                }
            }
            meter.advance(to - from, "");
        }
        for (int from = 0; from < tooLong.size(); from += CHUNK) {
            List<Integer> chunk = tooLong.subList(from, Math.min(tooLong.size(), from + CHUNK));
            List<String> chunkTexts = chunk.stream().map(texts::get).toList();
            List<String> chunkPairs =
                    pairs == null ? null : chunk.stream().map(pairs::get).toList();
            Encoding[] encodings = encode(truncating, chunkTexts, chunkPairs, 0, chunk.size());
            for (int k = 0; k < chunk.size(); k++) {
                check.checkIds(encodings[k].getIds(), encodings[k].getTypeIds(), chunk.get(k));
                ids[chunk.get(k)] = toInts(encodings[k].getIds());
                types[chunk.get(k)] = toInts(encodings[k].getTypeIds());
            }
        }
        return new Result(
                new EncodedSplit(
                        role,
                        ids,
                        types,
                        targets == null ? null : targets.ids(),
                        targets == null ? null : targets.values()),
                lengths,
                tooLong.size());
    }

    private static Encoding[] encode(
            HuggingFaceTokenizer tokenizer, List<String> texts, List<String> pairs, int from, int to) {
        if (pairs == null) {
            return tokenizer.batchEncode(texts.subList(from, to));
        }
        PairList<String, String> batch = new PairList<>(to - from);
        for (int i = from; i < to; i++) {
            batch.add(texts.get(i), pairs.get(i));
        }
        return tokenizer.batchEncode(batch);
    }

    private static int[] toInts(long[] values) {
        int[] result = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (int) values[i];
        }
        return result;
    }

    @Override
    public void close() {
        whole.close();
        truncating.close();
    }
}
