package dev.stellar.finetune.engine;

/** The plugin's own version, recorded in every model it writes. */
public final class PluginVersion {

    private static final String VERSION = BuildProperties.get("version", "unknown");

    private PluginVersion() {}

    public static String get() {
        return VERSION;
    }
}
