package dev.stellar.finetune.fork;

import dev.stellar.finetune.config.ConfigurationException;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker's JVM options from the one {@code jvmArgs} string of the POM: split at white space, except inside
 * double or single quotes, so {@code "-Djava.io.tmpdir=C:\My Temp"} stays one option. A backslash is an ordinary
 * character (it separates Windows paths), not an escape.
 */
public final class JvmArgs {

    private JvmArgs() {}

    public static List<String> split(String jvmArgs) {
        List<String> options = new ArrayList<>();
        if (jvmArgs == null) {
            return options;
        }
        StringBuilder option = new StringBuilder();
        boolean inOption = false;
        char quote = 0;
        for (int i = 0; i < jvmArgs.length(); i++) {
            char c = jvmArgs.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    option.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inOption = true;
            } else if (Character.isWhitespace(c)) {
                if (inOption) {
                    options.add(option.toString());
                    option.setLength(0);
                    inOption = false;
                }
            } else {
                option.append(c);
                inOption = true;
            }
        }
        if (quote != 0) {
            throw new ConfigurationException(
                    "jvmArgs",
                    jvmArgs,
                    "a " + quote + " quote is not closed",
                    "close it, or leave quotes out of options without spaces");
        }
        if (inOption) {
            options.add(option.toString());
        }
        return options;
    }
}
