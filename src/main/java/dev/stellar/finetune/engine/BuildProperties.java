package dev.stellar.finetune.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** What the build wrote into {@code plugin.properties} (a filtered resource): versions known only at build time. */
final class BuildProperties {

    private static final Properties PROPERTIES = load();

    private BuildProperties() {}

    /** The property, or {@code fallback} when the resource or the key is missing (an unfiltered IDE build). */
    static String get(String key, String fallback) {
        return PROPERTIES.getProperty(key, fallback);
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildProperties.class.getResourceAsStream("/dev/stellar/finetune/plugin.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // the fallbacks apply
        }
        return properties;
    }
}
