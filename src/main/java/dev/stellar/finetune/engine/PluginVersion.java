package dev.stellar.finetune.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The plugin's own version, recorded in every model it writes. */
public final class PluginVersion {

    private static final String VERSION = load();

    private PluginVersion() {}

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = PluginVersion.class.getResourceAsStream("/dev/stellar/finetune/plugin.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
