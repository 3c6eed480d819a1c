package dev.stellar.finetune.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Carves shares of a split off, per label, so every carved part keeps the label balance of the whole:
 * each label's rows are shuffled with {@code new Random(seed)} and the first round(share * count) go to the
 * first part, the next to the second, and so on; the rest stay. Every part keeps the original row order.
 */
final class StratifiedSplit {

    private StratifiedSplit() {}

    /**
     * @param labels the label id of each row
     * @param shares the share of each carved part, carved in this order
     * @return the row indices of each carved part, then of the rest (shares.length + 1 lists, ascending)
     */
    static List<int[]> carve(int[] labels, long seed, double... shares) {
        Map<Integer, List<Integer>> byLabel = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            byLabel.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        }
        int[] partOf = new int[labels.length];
        for (List<Integer> rows : byLabel.values()) {
            Collections.shuffle(rows, new Random(seed));
            int at = 0;
            for (int part = 0; part < shares.length; part++) {
                int take = Math.min((int) Math.round(shares[part] * rows.size()), rows.size() - at);
                for (int i = at; i < at + take; i++) {
                    partOf[rows.get(i)] = part;
                }
                at += take;
            }
            for (int i = at; i < rows.size(); i++) {
                partOf[rows.get(i)] = shares.length;
            }
        }
        List<int[]> parts = new ArrayList<>();
        for (int part = 0; part <= shares.length; part++) {
            final int p = part;
            parts.add(IntStream.range(0, labels.length)
                    .filter(i -> partOf[i] == p)
                    .toArray());
        }
        return parts;
    }
}
