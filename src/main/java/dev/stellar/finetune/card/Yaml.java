package dev.stellar.finetune.card;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Block-style YAML for a model card's front matter, from maps, lists, strings, numbers and booleans, in the
 * layout the Hub's own cards use ({@code - item} under its key). A string stays plain only when YAML reads it
 * back as that same string; anything that could parse as a number, boolean or null, or holds YAML syntax,
 * is double-quoted with JSON-style escapes.
 */
final class Yaml {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9 ._/()+-]*");
    /** YAML 1.1 and 1.2 booleans and nulls, which a plain scalar would turn into. */
    private static final Pattern RESERVED = Pattern.compile("(?i)y|n|yes|no|true|false|on|off|null|~|\\.nan|\\.inf");

    private Yaml() {}

    static String render(Map<String, ?> map) {
        StringBuilder out = new StringBuilder();
        writeMap(map, "", out);
        return out.toString();
    }

    private static void writeMap(Map<String, ?> map, String indent, StringBuilder out) {
        for (Map.Entry<String, ?> entry : map.entrySet()) {
            Object value = entry.getValue();
            out.append(indent).append(scalar(entry.getKey())).append(':');
            if (value instanceof Map<?, ?> nested) {
                out.append('\n');
                writeMap(cast(nested), indent + "  ", out);
            } else if (value instanceof List<?> list) {
                out.append('\n');
                writeList(list, indent, out);
            } else {
                out.append(' ').append(scalar(value)).append('\n');
            }
        }
    }

    /** Items at the key's own indentation; a map item's first key on the dash line, the rest under it. */
    private static void writeList(List<?> list, String indent, StringBuilder out) {
        for (Object item : list) {
            if (item instanceof Map<?, ?> map) {
                StringBuilder nested = new StringBuilder();
                writeMap(cast(map), indent + "  ", nested);
                out.append(indent).append("- ").append(nested.substring(indent.length() + 2));
            } else {
                out.append(indent).append("- ").append(scalar(item)).append('\n');
            }
        }
    }

    static String scalar(Object value) {
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return value.toString();
        }
        if (value instanceof Double number) {
            // Double.toString round-trips exactly; NaN and infinities have YAML spellings of their own.
            return number.isNaN() ? ".nan" : number.isInfinite() ? (number > 0 ? ".inf" : "-.inf") : number.toString();
        }
        String text = String.valueOf(value);
        return isPlain(text) ? text : doubleQuoted(text);
    }

    private static boolean isPlain(String text) {
        return PLAIN.matcher(text).matches()
                && !RESERVED.matcher(text).matches()
                && !text.endsWith(" ")
                && !text.contains(" #");
    }

    /**
     * A double-quoted scalar with C-style escapes, which is also a Java string literal (line breaks are escaped
     * by name, so no Unicode escape of a line break ends the literal early).
     */
    static String doubleQuoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xfeff) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }
}
