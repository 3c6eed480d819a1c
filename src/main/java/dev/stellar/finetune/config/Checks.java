package dev.stellar.finetune.config;

/** Range checks shared by the settings records; each failure names the POM parameter. */
final class Checks {

    private Checks() {}

    static int atLeast(String parameter, int value, int min, String fix) {
        if (value < min) {
            throw new ConfigurationException(parameter, value, "must be at least " + min, fix);
        }
        return value;
    }

    static double positive(String parameter, double value, String fix) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new ConfigurationException(parameter, value, "must be a positive number", fix);
        }
        return value;
    }

    static double nonNegative(String parameter, double value, String fix) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new ConfigurationException(parameter, value, "must be zero or more", fix);
        }
        return value;
    }

    /** A fraction in [0, upper); {@code upper} is 1 for shares of a split. */
    static double fraction(String parameter, double value, boolean upperInclusive, String fix) {
        boolean ok = value >= 0 && (upperInclusive ? value <= 1 : value < 1);
        if (!ok) {
            throw new ConfigurationException(
                    parameter, value, "must lie between 0 and 1" + (upperInclusive ? "" : " (1 excluded)"), fix);
        }
        return value;
    }

    static String notBlank(String parameter, String value, String fix) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(parameter, value, "must not be empty", fix);
        }
        return value.trim();
    }
}
