package dev.stellar.finetune.config;

/**
 * A mistake in what the user configured or supplied (a parameter, a data file, a model directory).
 * The message always names the parameter, the value that was given and how to fix it.
 */
public class ConfigurationException extends FinetuneException {

    private final String parameter;

    public ConfigurationException(String parameter, Object value, String problem, String fix) {
        super(format(parameter, value, problem, fix));
        this.parameter = parameter;
    }

    public ConfigurationException(String parameter, Object value, String problem, String fix, Throwable cause) {
        super(format(parameter, value, problem, fix), cause);
        this.parameter = parameter;
    }

    /** The POM parameter the message is about, e.g. {@code batchSize}. */
    public String parameter() {
        return parameter;
    }

    private static String format(String parameter, Object value, String problem, String fix) {
        return "Invalid " + parameter + " = " + describe(value) + ": " + problem + ". Fix: " + fix;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "(not set)";
        }
        String text = String.valueOf(value);
        return text.isEmpty() ? "\"\"" : text;
    }
}
