package dev.stellar.finetune.config;

import java.util.regex.Pattern;

/**
 * Numbers written in the POM or on the command line, read here rather than by Maven so that a value of
 * the wrong type gets the same kind of message as one out of range: parameter, value, fix.
 */
public final class ParameterValues {

    /** Decimal notation as people write it: 0.1, 5e-5, -1; not Java's 1d or hexadecimal forms. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private ParameterValues() {}

    public static int wholeNumber(String parameter, String value, String example) {
        long parsed = longNumber(parameter, value, example);
        if (parsed < Integer.MIN_VALUE || parsed > Integer.MAX_VALUE) {
            throw new ConfigurationException(parameter, value, "is too large", "use e.g. " + example);
        }
        return (int) parsed;
    }

    public static long longNumber(String parameter, String value, String example) {
        try {
            return Long.parseLong(required(parameter, value, example));
        } catch (NumberFormatException e) {
            throw new ConfigurationException(
                    parameter,
                    value,
                    "is not a whole number",
                    "set <" + parameter + "> to a whole number such as " + example);
        }
    }

    public static double number(String parameter, String value, String example) {
        String text = required(parameter, value, example);
        if (!DECIMAL.matcher(text).matches()) {
            throw new ConfigurationException(
                    parameter, value, "is not a number", "set <" + parameter + "> to a number such as " + example);
        }
        return Double.parseDouble(text);
    }

    /** A number that may be left unset ({@code null}). */
    public static Double optionalNumber(String parameter, String value, String example) {
        return value == null || value.isBlank() ? null : number(parameter, value, example);
    }

    public static Integer optionalWholeNumber(String parameter, String value, String example) {
        return value == null || value.isBlank() ? null : wholeNumber(parameter, value, example);
    }

    private static String required(String parameter, String value, String example) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(
                    parameter, value, "is empty", "set <" + parameter + "> to a value such as " + example);
        }
        return value.trim();
    }

    /** true, false, or auto ({@code null}: decided at run time). */
    public static Boolean toggle(String parameter, String value) {
        String v = value == null ? "auto" : value.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "auto", "" -> null;
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default ->
                throw new ConfigurationException(
                        parameter, value, "it is not true, false or auto", "use true, false or auto");
        };
    }
}
