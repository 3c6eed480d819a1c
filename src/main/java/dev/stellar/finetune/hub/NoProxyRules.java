package dev.stellar.finetune.hub;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The hosts to reach without the proxy: NO_PROXY as curl and Python's requests read it (a comma list of
 * domains that also cover their subdomains, with or without a leading dot or {@code *.}, IP addresses,
 * IPv4 CIDR blocks, {@code host:port} for one port, {@code *} for every host), Maven's
 * {@code <nonProxyHosts>} ({@code |}-separated, {@code *} wildcards anywhere), and always loopback,
 * which no proxy can reach for us.
 */
final class NoProxyRules {

    private final List<Rule> rules;

    private NoProxyRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    static NoProxyRules of(String noProxy, String mavenNonProxyHosts) {
        List<Rule> rules = new ArrayList<>();
        if (noProxy != null) {
            for (String entry : noProxy.split("[,\\s]+")) {
                if (!entry.isBlank()) {
                    rules.add(noProxyEntry(entry.trim().toLowerCase(Locale.ROOT)));
                }
            }
        }
        if (mavenNonProxyHosts != null) {
            for (String entry : mavenNonProxyHosts.split("[|,]")) {
                if (!entry.isBlank()) {
                    rules.add(wildcard(entry.trim().toLowerCase(Locale.ROOT)));
                }
            }
        }
        return new NoProxyRules(rules);
    }

    /** Whether a request to host:port goes direct. */
    boolean bypass(String host, int port) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (isLoopback(name)) {
            return true;
        }
        for (Rule rule : rules) {
            if (rule.matches(name, port)) {
                return true;
            }
        }
        return false;
    }

    static boolean isLoopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.equals("localhost")
                || name.endsWith(".localhost")
                || name.startsWith("127.")
                || name.equals("::1")
                || name.equals("[::1]")
                || name.equals("0:0:0:0:0:0:0:1");
    }

    private interface Rule {
        boolean matches(String host, int port);
    }

    private static Rule noProxyEntry(String entry) {
        if (entry.equals("*")) {
            return (host, port) -> true;
        }
        int wantedPort = -1;
        String name = entry;
        if (name.startsWith("[")) { // [v6]:port
            int close = name.indexOf(']');
            if (close > 0 && name.length() > close + 2 && name.charAt(close + 1) == ':') {
                wantedPort = parsePort(name.substring(close + 2));
            }
            name = close > 0 ? name.substring(1, close) : name;
        } else if (name.indexOf(':') == name.lastIndexOf(':') && name.indexOf(':') > 0) { // host:port, not bare v6
            wantedPort = parsePort(name.substring(name.indexOf(':') + 1));
            name = name.substring(0, name.indexOf(':'));
        }
        if (name.contains("/")) {
            return cidr(name);
        }
        String domain = name.startsWith("*.") ? name.substring(2) : name.startsWith(".") ? name.substring(1) : name;
        int onPort = wantedPort;
        return (host, port) -> (onPort < 0 || onPort == port) && (host.equals(domain) || host.endsWith("." + domain));
    }

    private static int parsePort(String text) {
        return text.matches("[0-9]{1,5}") ? Integer.parseInt(text) : -1;
    }

    /** An IPv4 block such as 10.0.0.0/8, matched against IPv4 literals only (no lookups). */
    private static Rule cidr(String block) {
        String[] parts = block.split("/", 2);
        long network = ipv4(parts[0]);
        int bits = parsePort(parts[1]);
        if (network < 0 || bits < 0 || bits > 32) {
            return (host, port) -> false;
        }
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (host, port) -> {
            long address = ipv4(host);
            return address >= 0 && (address & mask) == (network & mask);
        };
    }

    private static long ipv4(String text) {
        if (!text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            return -1;
        }
        long value = 0;
        for (String octet : text.split("\\.")) {
            int part = Integer.parseInt(octet);
            if (part > 255) {
                return -1;
            }
            value = value << 8 | part;
        }
        return value;
    }

    /** Maven's pattern: the whole host, {@code *} standing for any characters. */
    private static Rule wildcard(String pattern) {
        Pattern compiled = Pattern.compile(toRegex(pattern));
        return (host, port) -> compiled.matcher(host).matches();
    }

    private static String toRegex(String pattern) {
        StringBuilder regex = new StringBuilder();
        String[] literals = pattern.split("\\*", -1);
        for (int i = 0; i < literals.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literals[i]));
        }
        return regex.toString();
    }
}
