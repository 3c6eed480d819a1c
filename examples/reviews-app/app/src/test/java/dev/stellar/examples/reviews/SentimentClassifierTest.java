package dev.stellar.examples.reviews;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The classifier against an independent reference: the probabilities finetune:predict wrote for the sentences
 * of src/test/data/reviews.csv with the same model (the app's pom runs it before the tests). Equal
 * probabilities mean the app encodes as the plugin did: special tokens, maxLength, truncation.
 */
class SentimentClassifierTest {

    private static final String PROBABILITY = "probability_";
    private static SentimentClassifier classifier;

    @BeforeAll
    static void load() throws Exception {
        classifier = SentimentClassifier.fromClasspath("reviews-model");
    }

    @AfterAll
    static void close() throws OrtException {
        classifier.close();
    }

    @Test
    void probabilitiesEqualThoseOfFinetunePredict() throws Exception {
        List<CSVRecord> rows = pluginPredictions();
        assertEquals(8, rows.size(), "the plugin's predictions for src/test/data/reviews.csv");
        double largestDifference = 0;
        for (CSVRecord row : rows) {
            Classification classification = classifier.classify(row.get("text"));
            System.out.printf(Locale.ROOT, "%-8s %s | plugin %s | %s%n", classification.label(),
                    classification.probabilities().values().stream()
                            .map(p -> String.format(Locale.ROOT, "%.6f", p)).toList(),
                    row.get("predicted_label"), row.get("text"));
            for (String label : classifier.labels()) {
                double plugin = Double.parseDouble(row.get(PROBABILITY + label));
                double app = classification.probabilities().get(label);
                assertEquals(plugin, app, 1e-4, label + " of \"" + row.get("text") + "\"");
                largestDifference = Math.max(largestDifference, Math.abs(plugin - app));
            }
            assertEquals(row.get("predicted_label"), classification.label(), row.get("text"));
        }
        System.out.printf(Locale.ROOT, "Largest difference to finetune:predict: %.1e%n", largestDifference);
    }

    @Test
    void labelsAreThoseTheModelWasTrainedWith() throws IOException {
        // The plugin names the columns after config.json's id2label; the classifier reads model.onnx's metadata.
        try (Reader reader = predictionsReader()) {
            List<String> columns = pluginPredictionsFormat().parse(reader).getHeaderNames().stream()
                    .filter(name -> name.startsWith(PROBABILITY)).map(name -> name.substring(PROBABILITY.length()))
                    .toList();
            assertEquals(columns, classifier.labels());
        }
    }

    @Test
    void probabilitiesSumToOne() throws OrtException {
        for (String text : List.of("fine", "A dreadful, boring movie.", "")) {
            Classification classification = classifier.classify(text);
            assertEquals(classifier.labels(), List.copyOf(classification.probabilities().keySet()));
            assertEquals(1, classification.probabilities().values().stream().mapToDouble(p -> p).sum(), 1e-9, text);
        }
    }

    @Test
    void textsLongerThanMaxLengthAreCutThere() throws OrtException {
        String text = "The food was fine and the room was clean.";
        String longText = text.repeat(40); // about 400 tokens, beyond any maxLength of this model
        String more = " Awful, awful, the worst place ever.";
        assertNotEquals(classifier.classify(text).probabilities(), classifier.classify(text + more).probabilities(),
                "words within maxLength count");
        assertEquals(classifier.classify(longText).probabilities(), classifier.classify(longText + more).probabilities(),
                "words beyond maxLength do not");
    }

    @Test
    void concurrentCallsGiveTheAnswersOfSequentialOnes() throws Exception {
        List<String> texts = pluginPredictions().stream().map(row -> row.get("text")).toList();
        List<Classification> sequential = texts.stream().map(SentimentClassifierTest::classify).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 4; round++) {
                List<Future<Classification>> concurrent = texts.stream()
                        .map(text -> pool.submit(() -> classifier.classify(text))).toList();
                for (int i = 0; i < texts.size(); i++) {
                    assertEquals(sequential.get(i), concurrent.get(i).get(), texts.get(i));
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Clear reviews of the kinds in the training data (products, films, restaurants). Needs a model that learnt
     * sentiment. The IT's tiny model does not reliably, so the IT runs the build with
     * -Dreviews.skipLabelChecks=true (Surefire passes Maven's user properties to the tests).
     */
    @ParameterizedTest
    @DisabledIfSystemProperty(named = "reviews.skipLabelChecks", matches = "true")
    @CsvSource(delimiter = '|', textBlock = """
            An absolutely wonderful film. I loved every minute of it.  | positive
            Great phone, the battery lasts for days!                     | positive
            The service was fast and the staff were friendly.            | positive
            The food was cold and the waiter was rude.                   | negative
            This is the worst purchase I have ever made.                 | negative
            A boring plot and terrible acting.                           | negative
            """)
    void clearReviewsGetTheirLabel(String text, String expected) throws OrtException {
        Classification classification = classifier.classify(text);
        assertEquals(expected, classification.label(), text);
        assertTrue(classification.probabilities().get(expected) > 0.9, classification.toString());
    }

    private static Classification classify(String text) {
        try {
            return classifier.classify(text);
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<CSVRecord> pluginPredictions() throws IOException {
        try (Reader reader = predictionsReader()) {
            return pluginPredictionsFormat().parse(reader).getRecords();
        }
    }

    private static CSVFormat pluginPredictionsFormat() {
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    }

    private static Reader predictionsReader() throws IOException {
        return Files.newBufferedReader(Path.of(System.getProperty("reviews.predictions")), StandardCharsets.UTF_8);
    }
}
