package dev.stellar.finetune.data;

import dev.stellar.finetune.config.ConfigurationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A split selection in Hugging Face slicing syntax: {@code train}, {@code train[:90%]}, {@code train[-100:]},
 * {@code train[10:20]}, {@code train[:10%]+validation}. Grammar and arithmetic follow datasets/arrow_reader.py
 * ({@code _SUB_SPEC_RE}, {@code _rel_to_abs_instr}), except that a slice mixing a percent and a row boundary
 * is refused instead of being read as two percentages.
 *
 * @param parameter the POM parameter it came from, for messages
 * @param text the selection as written
 */
public record SplitSpec(String parameter, String text, List<Part> parts) {

    private static final Pattern PLUS = Pattern.compile("\\s*\\+\\s*");
    private static final Pattern PART = Pattern.compile(
            "(?<split>\\w+(?:\\.\\w+)*)"
                    + "(?:\\[(?:(?<from>-?[\\d_]+)(?<fromPct>%)?)?:(?:(?<to>-?[\\d_]+)(?<toPct>%)?)?])?"
                    + "(?:\\((?<rounding>[^)]*)\\))?",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final String EXAMPLES =
            "e.g. train, train[:90%], train[90%:], train[:1000], train[-100:] or" + " train[:10%]+validation";

    public SplitSpec {
        parts = List.copyOf(parts);
    }

    /**
     * One slice of one split.
     *
     * @param from first boundary, {@code null} for the start
     * @param to second boundary (exclusive), {@code null} for the end
     * @param percent whether the boundaries are percentages of the split's rows
     * @param dropRemainder Hugging Face's "pct1_dropremainder" rounding instead of "closest"
     */
    public record Part(String text, String split, Integer from, Integer to, boolean percent, boolean dropRemainder) {

        public boolean whole() {
            return from == null && to == null;
        }

        /** The half-open row range [start, end) of a split of {@code rows} rows; {@code end >= start}. */
        public int[] range(int rows, String parameter, String spec) {
            int start;
            int end;
            if (percent) {
                start = from == null ? 0 : percentToRows(from, rows, parameter, spec);
                end = to == null ? rows : percentToRows(to, rows, parameter, spec);
            } else {
                start = from == null ? 0 : from;
                end = to == null ? rows : to;
            }
            start = start < 0 ? Math.max(rows + start, 0) : Math.min(start, rows);
            end = end < 0 ? Math.max(rows + end, 0) : Math.min(end, rows);
            return new int[] {start, Math.max(start, end)};
        }

        private int percentToRows(int boundary, int rows, String parameter, String spec) {
            if (dropRemainder) {
                if (rows < 100) {
                    throw new ConfigurationException(
                            parameter,
                            spec,
                            "pct1_dropremainder rounding on the split " + split + " of " + rows
                                    + " rows (fewer than 100) always selects nothing",
                            "drop the (pct1_dropremainder) suffix");
                }
                return boundary * (rows / 100);
            }
            // Hugging Face's "closest": Python's round(), which rounds halves to even like Math.rint.
            return (int) Math.rint(boundary * (double) rows / 100.0);
        }
    }

    public static SplitSpec parse(String parameter, String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigurationException(parameter, text, "names no split", "name a split, " + EXAMPLES);
        }
        List<Part> parts = new ArrayList<>();
        for (String piece : PLUS.split(text.trim(), -1)) {
            parts.add(parsePart(parameter, text, piece));
        }
        return new SplitSpec(parameter, text.trim(), parts);
    }

    private static Part parsePart(String parameter, String text, String piece) {
        Matcher m = PART.matcher(piece);
        if (!m.matches()) {
            throw new ConfigurationException(
                    parameter,
                    text,
                    "'" + piece + "' is not a split name with an optional" + " [from:to] slice",
                    "write the split in Hugging Face slicing syntax, " + EXAMPLES);
        }
        boolean fromPct = m.group("fromPct") != null;
        boolean toPct = m.group("toPct") != null;
        Integer from = number(parameter, text, m.group("from"));
        Integer to = number(parameter, text, m.group("to"));
        if ((from != null && to != null && fromPct != toPct)) {
            throw new ConfigurationException(
                    parameter,
                    text,
                    "'" + piece + "' mixes a percentage and a row count",
                    "write both boundaries as percentages (train[10%:20%]) or both as rows (train[100:200])");
        }
        boolean percent = fromPct || toPct;
        if (percent && ((from != null && Math.abs(from) > 100) || (to != null && Math.abs(to) > 100))) {
            throw new ConfigurationException(
                    parameter,
                    text,
                    "percent boundaries must lie between -100% and 100%",
                    "use a share such as train[:90%]");
        }
        String rounding = m.group("rounding");
        boolean dropRemainder = false;
        if (rounding != null) {
            if (!percent) {
                throw new ConfigurationException(
                        parameter,
                        text,
                        "a rounding suffix only applies to percent slices",
                        "drop the (" + rounding + ") suffix");
            }
            if (rounding.equals("pct1_dropremainder")) {
                dropRemainder = true;
            } else if (!rounding.equals("closest")) {
                throw new ConfigurationException(
                        parameter,
                        text,
                        "unknown rounding '" + rounding + "'",
                        "use (closest), the default, or (pct1_dropremainder)");
            }
        }
        return new Part(piece, m.group("split"), from, to, percent, dropRemainder);
    }

    private static Integer number(String parameter, String text, String digits) {
        if (digits == null) {
            return null;
        }
        try {
            return Integer.parseInt(digits.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigurationException(
                    parameter,
                    text,
                    "the boundary " + digits + " is not a row number",
                    "use a boundary such as 1000 or 90%");
        }
    }

    /** Fails unless every split the selection names exists. */
    public void checkSplitsExist(Collection<String> available) {
        for (Part part : parts) {
            if (!available.contains(part.split())) {
                throw new ConfigurationException(
                        parameter,
                        text,
                        "the data set has no split named " + part.split() + " (it has " + String.join(", ", available)
                                + ")",
                        "name one of those splits, or add files for " + part.split() + " under <dataFiles>");
            }
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
