package dev.stellar.finetune.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The Parquet files of a small GLUE look-alike with two configs. Classes use disjoint word pools (besides
 * the paraphrase structure of MRPC positives), so even the tiny random BERT learns them in a few steps.
 * Test splits hide their labels (-1), as GLUE's test files do.
 */
final class GlueLikeData {

    static final String MRPC_FEATURES = """
            {"sentence1":{"dtype":"string","_type":"Value"},"sentence2":{"dtype":"string","_type":"Value"},\
            "label":{"names":["not_equivalent","equivalent"],"_type":"ClassLabel"},\
            "idx":{"dtype":"int32","_type":"Value"}}""";
    static final String SST2_FEATURES = """
            {"sentence":{"dtype":"string","_type":"Value"},\
            "label":{"names":["negative","positive"],"_type":"ClassLabel"},\
            "idx":{"dtype":"int32","_type":"Value"}}""";

    /** Paraphrases (label 1) talk business; a verb and its synonym swap between the two sentences. */
    private static final String[] BUSINESS_SUBJECTS = {"the company", "the bank", "the firm", "the retailer"};

    private static final String[][] BUSINESS_VERBS = {
        {"reported", "announced"}, {"posted", "recorded"}, {"expected", "forecast"}, {"doubled", "raised"}
    };
    private static final String[] BUSINESS_OBJECTS = {
        "higher profits", "strong sales", "record revenue", "steady earnings"
    };
    /** Unrelated pairs (label 0): one sentence about nature, one about sport. */
    private static final String[] NATURE = {
        "the river flooded the old bridge",
        "a storm covered the quiet village",
        "snow fell on the green valley",
        "the wind crossed the small island"
    };

    private static final String[] SPORT = {
        "the team won the final game",
        "a player missed an easy goal",
        "the coach praised the young runner",
        "the fans cheered the long match"
    };
    private static final String[] ARTICLES = {"a", "the", "this"};
    private static final String[] PRAISE = {"wonderful", "delightful", "brilliant", "charming", "moving"};
    private static final String[] SCORN = {"dull", "tedious", "boring", "clumsy", "awful"};
    private static final String[] WORKS = {"film", "story", "performance", "movie"};

    private GlueLikeData() {}

    /** {config: {split: parquet bytes}}: mrpc and sst2, each with train (64), validation (32), test (32). */
    static Map<String, Map<String, byte[]>> parquetFiles() throws Exception {
        Map<String, Map<String, byte[]>> configs = new LinkedHashMap<>();
        configs.put("mrpc", splits(GlueLikeData::mrpc, 100));
        configs.put("sst2", splits(GlueLikeData::sst2, 200));
        return configs;
    }

    private interface SplitWriter {
        byte[] write(int rows, Random random, boolean labelled) throws Exception;
    }

    private static Map<String, byte[]> splits(SplitWriter writer, long seed) throws Exception {
        Map<String, byte[]> splits = new LinkedHashMap<>();
        splits.put("train", writer.write(64, new Random(seed + 1), true));
        splits.put("validation", writer.write(32, new Random(seed + 2), true));
        splits.put("test", writer.write(32, new Random(seed + 3), false));
        return splits;
    }

    private static byte[] mrpc(int rows, Random random, boolean labelled) throws Exception {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        for (int label : balancedLabels(rows, random)) {
            String[] pair = label == 1 ? paraphrase(random) : unrelated(random);
            first.add(pair[0]);
            second.add(pair[1]);
            labels.add(labelled ? label : -1L);
        }
        LinkedHashMap<String, List<?>> columns = new LinkedHashMap<>();
        columns.put("sentence1", first);
        columns.put("sentence2", second);
        columns.put("label", labels);
        columns.put("idx", indexes(rows));
        return FakeHub.parquet(columns, MRPC_FEATURES);
    }

    private static String[] paraphrase(Random random) {
        String subject = pick(BUSINESS_SUBJECTS, random);
        String[] verbs = BUSINESS_VERBS[random.nextInt(BUSINESS_VERBS.length)];
        String object = pick(BUSINESS_OBJECTS, random);
        return new String[] {subject + " " + verbs[0] + " " + object, subject + " " + verbs[1] + " " + object};
    }

    private static String[] unrelated(Random random) {
        return new String[] {pick(NATURE, random), pick(SPORT, random)};
    }

    private static byte[] sst2(int rows, Random random, boolean labelled) throws Exception {
        List<String> sentences = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        for (int label : balancedLabels(rows, random)) {
            String adjective = pick(label == 1 ? PRAISE : SCORN, random);
            sentences.add(pick(ARTICLES, random) + " " + adjective + " " + pick(WORKS, random));
            labels.add(labelled ? label : -1L);
        }
        LinkedHashMap<String, List<?>> columns = new LinkedHashMap<>();
        columns.put("sentence", sentences);
        columns.put("label", labels);
        columns.put("idx", indexes(rows));
        return FakeHub.parquet(columns, SST2_FEATURES);
    }

    /** Half of each class, in a seeded random order. */
    private static List<Integer> balancedLabels(int rows, Random random) {
        List<Integer> labels = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            labels.add(row % 2);
        }
        Collections.shuffle(labels, random);
        return labels;
    }

    private static List<Integer> indexes(int rows) {
        List<Integer> indexes = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            indexes.add(row);
        }
        return indexes;
    }

    private static String pick(String[] words, Random random) {
        return words[random.nextInt(words.length)];
    }
}
