package dev.stellar.examples.reviews;

import java.util.Map;

/**
 * What the model says about one text.
 *
 * @param label the most probable label
 * @param probabilities every label's probability, in the model's label order
 */
public record Classification(String label, Map<String, Double> probabilities) {
}
