package dev.stellar.finetune.config;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How much each label weighs in the training loss, for imbalanced data: {@code none} (every row alike),
 * {@code balanced}, or explicit {@code label=weight} pairs (labels not named weigh 1).
 *
 * <ul>
 *   <li>Single-label: a row weighs its label's weight, and the loss is PyTorch's weighted cross-entropy (the sum of
 *       each row's loss times its weight, over the sum of the weights in the batch). {@code balanced} is
 *       scikit-learn's compute_class_weight, rows / (labels x the label's rows), so every label weighs as much in
 *       all.
 *   <li>Multi-label: a label's weight multiplies the loss of its positive cells, as PyTorch's BCEWithLogitsLoss
 *       {@code pos_weight} does. {@code balanced} is the label's negative rows over its positive rows (the ratio
 *       PyTorch's documentation gives), so a rare label's misses cost as much in all as its false alarms.
 * </ul>
 *
 * Validation and evaluation losses stay unweighted, so they compare across settings.
 *
 * @param mode {@code none}, {@code balanced} or {@code explicit}
 * @param explicit the pairs as given, for {@code explicit}; empty otherwise
 */
public record ClassWeights(String mode, Map<String, Double> explicit) {

    public static final ClassWeights NONE = new ClassWeights("none", Map.of());
    private static final String FIX = "use none, balanced, or label=weight pairs such as negative=1,positive=4";

    public ClassWeights {
        explicit = explicit == null ? Map.of() : Map.copyOf(explicit);
    }

    public static ClassWeights parse(String value) {
        String text = value == null ? "" : value.trim();
        if (text.isEmpty() || text.equalsIgnoreCase("none")) {
            return NONE;
        }
        if (text.equalsIgnoreCase("balanced")) {
            return new ClassWeights("balanced", Map.of());
        }
        Map<String, Double> pairs = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int equals = pair.lastIndexOf('=');
            if (equals <= 0) {
                throw new ConfigurationException(
                        "classWeights", value, "'" + pair.trim() + "' is no label=weight pair", FIX);
            }
            String label = pair.substring(0, equals).trim();
            double weight;
            try {
                weight = Double.parseDouble(pair.substring(equals + 1).trim());
            } catch (NumberFormatException e) {
                throw new ConfigurationException(
                        "classWeights", value, "the weight of '" + label + "' is not a number", FIX);
            }
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new ConfigurationException(
                        "classWeights", value, "the weight of '" + label + "' is not a positive number", FIX);
            }
            if (pairs.put(label, weight) != null) {
                throw new ConfigurationException("classWeights", value, "it weighs '" + label + "' twice", FIX);
            }
        }
        return new ClassWeights("explicit", pairs);
    }

    public boolean none() {
        return mode.equals("none");
    }

    /**
     * The weight of each label, in the order of {@code labels}, or {@code null} for none.
     *
     * @param trainLabels the label index of every training row, for {@code balanced}
     */
    public double[] resolve(List<String> labels, int[] trainLabels) {
        if (none()) {
            return null;
        }
        double[] weights = new double[labels.size()];
        if (mode.equals("balanced")) {
            int[] counts = new int[labels.size()];
            for (int label : trainLabels) {
                counts[label]++;
            }
            for (int k = 0; k < weights.length; k++) {
                if (counts[k] == 0) {
                    throw new ConfigurationException(
                            "classWeights",
                            "balanced",
                            "label '" + labels.get(k)
                                    + "' has no rows in the train split, so it has no balancing weight",
                            "give explicit label=weight pairs, or data with rows of every label");
                }
                weights[k] = (double) trainLabels.length / (labels.size() * (double) counts[k]);
            }
            return weights;
        }
        return explicitWeights(labels);
    }

    /** The explicit pairs by label index; labels not named weigh 1. */
    private double[] explicitWeights(List<String> labels) {
        double[] weights = new double[labels.size()];
        Arrays.fill(weights, 1.0);
        explicit.forEach((label, weight) -> {
            int k = labels.indexOf(label);
            if (k < 0) {
                throw new ConfigurationException(
                        "classWeights",
                        label + "=" + weight,
                        "the data has no label '" + label + "' (its labels: " + String.join(", ", labels) + ")",
                        "weigh the labels of the data");
            }
            weights[k] = weight;
        });
        return weights;
    }

    /**
     * Each label's positive weight for multi-label targets (BCEWithLogitsLoss's {@code pos_weight}), in the order of
     * {@code labels}, or {@code null} for none.
     *
     * @param trainTargets every training row's 0/1 targets, by label, for {@code balanced}
     */
    public double[] resolvePositive(List<String> labels, float[][] trainTargets) {
        if (none()) {
            return null;
        }
        if (!mode.equals("balanced")) {
            return explicitWeights(labels);
        }
        double[] weights = new double[labels.size()];
        for (int k = 0; k < weights.length; k++) {
            int positives = 0;
            for (float[] row : trainTargets) {
                positives += row[k] > 0.5f ? 1 : 0;
            }
            int negatives = trainTargets.length - positives;
            if (positives == 0 || negatives == 0) {
                throw new ConfigurationException(
                        "classWeights",
                        "balanced",
                        "label '" + labels.get(k) + "' is on " + (positives == 0 ? "no" : "every")
                                + " row of the train split, so negatives/positives gives it no usable weight",
                        "give explicit label=weight pairs, or data where every label is on some rows and off others");
            }
            weights[k] = negatives / (double) positives;
        }
        return weights;
    }

    /** The resolved weights by label, in label order, for training.json. */
    public static Map<String, Double> byLabel(List<String> labels, double[] weights) {
        Map<String, Double> byLabel = new LinkedHashMap<>();
        for (int k = 0; k < labels.size(); k++) {
            byLabel.put(labels.get(k), weights[k]);
        }
        return byLabel;
    }

    /** The resolved weights in words, for the log: "negative 0.625, positive 2.5". */
    public static String describe(List<String> labels, double[] weights) {
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < labels.size(); k++) {
            text.append(k == 0 ? "" : ", ").append(labels.get(k)).append(' ');
            text.append(String.format(Locale.ROOT, "%.4g", weights[k]));
        }
        return text.toString();
    }
}
