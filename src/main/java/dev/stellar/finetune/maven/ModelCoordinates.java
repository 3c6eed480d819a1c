package dev.stellar.finetune.maven;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code model} written as Maven coordinates: {@code groupId:artifactId:version[:extension[:classifier]]},
 * extension {@code jar} unless given (the plugin's own models are {@code zip} with classifier {@code model}).
 */
record ModelCoordinates(String groupId, String artifactId, String version, String extension, String classifier) {

    private static final String PART = "([A-Za-z0-9_.\\-+]+)";
    private static final Pattern COORDINATES =
            Pattern.compile("^" + PART + ":" + PART + ":" + PART + "(?::" + PART + "(?::" + PART + ")?)?$");

    static Optional<ModelCoordinates> parse(String model) {
        if (model == null) {
            return Optional.empty();
        }
        Matcher m = COORDINATES.matcher(model.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ModelCoordinates(
                m.group(1),
                m.group(2),
                m.group(3),
                m.group(4) == null ? "jar" : m.group(4),
                m.group(5) == null ? "" : m.group(5)));
    }

    @Override
    public String toString() {
        return groupId + ":" + artifactId + ":" + version + ":" + extension
                + (classifier.isEmpty() ? "" : ":" + classifier);
    }
}
