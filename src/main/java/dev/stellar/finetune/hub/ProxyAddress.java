package dev.stellar.finetune.hub;

import dev.stellar.finetune.config.ConfigurationException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * An HTTP proxy as the usual variables write it: {@code host:port}, {@code http://host:port},
 * {@code http://user:password@host:port} (percent-encoded), {@code [::1]:3128}. {@code https://} is
 * accepted and spoken as plain HTTP, as the JDK's client can (no TLS to the proxy).
 *
 * @param variable where the value came from (HTTPS_PROXY, or settings.xml), for messages
 * @param password never printed: {@link #toString()} masks it
 */
record ProxyAddress(String variable, String host, int port, Optional<String> user, Optional<String> password) {

    private static final String FIX = "write it as host:port or http://[user:password@]host:port (e.g."
            + " http://proxy.example:3128), or unset it";

    /** Parses a proxy value; a value that cannot be one fails naming the variable, the value and the form. */
    static ProxyAddress parse(String variable, String value) {
        String text = value.trim();
        String shown = masked(text);
        int scheme = text.indexOf("://");
        int defaultPort = 80;
        if (scheme >= 0) {
            String name = text.substring(0, scheme).toLowerCase(Locale.ROOT);
            if (name.startsWith("socks")) {
                throw new ConfigurationException(
                        variable,
                        shown,
                        "a SOCKS proxy, which the JDK's HTTP client cannot" + " use for the Hugging Face Hub",
                        "use an HTTP proxy: " + FIX);
            }
            if (!name.equals("http") && !name.equals("https")) {
                throw new ConfigurationException(variable, shown, "an unknown proxy scheme " + name + "://", FIX);
            }
            defaultPort = name.equals("https") ? 443 : 80;
            text = text.substring(scheme + 3);
        }
        int slash = text.indexOf('/');
        if (slash >= 0) {
            text = text.substring(0, slash); // a trailing "/" or path, as some write it
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        int at = text.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = text.substring(0, at);
            int colon = userInfo.indexOf(':');
            user = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon), variable, shown));
            password =
                    colon < 0 ? Optional.empty() : Optional.of(decode(userInfo.substring(colon + 1), variable, shown));
            text = text.substring(at + 1);
        }
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new ConfigurationException(variable, shown, "the IPv6 address lacks its closing ]", FIX);
            }
            host = text.substring(1, close);
            port = text.length() > close + 1 && text.charAt(close + 1) == ':' ? text.substring(close + 2) : "";
        } else {
            int colon = text.lastIndexOf(':');
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? "" : text.substring(colon + 1);
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9._:%-]+")) {
            throw new ConfigurationException(variable, shown, "it names no proxy host", FIX);
        }
        int number = defaultPort;
        if (!port.isEmpty()) {
            number = port.matches("[0-9]{1,5}") ? Integer.parseInt(port) : -1;
            if (number < 1 || number > 65535) {
                throw new ConfigurationException(
                        variable, shown, "the port " + port + " is not a number from 1 to" + " 65535", FIX);
            }
        }
        return new ProxyAddress(variable, host, number, user.filter(u -> !u.isEmpty()), password);
    }

    /** The preemptive Basic credentials for the Proxy-Authorization header, when the proxy has a user. */
    Optional<String> authorization() {
        return user.map(u -> "Basic "
                + Base64.getEncoder().encodeToString((u + ":" + password.orElse("")).getBytes(StandardCharsets.UTF_8)));
    }

    private static String decode(String part, String variable, String shown) {
        try {
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(
                    variable,
                    shown,
                    "its user or password has a broken %-escape",
                    "percent-encode special characters (@ as %40, : as %3A): " + FIX);
        }
    }

    /** The value with any password replaced, for messages and logs. */
    static String masked(String value) {
        int scheme = value.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int at = value.lastIndexOf('@');
        if (at < start) {
            return value;
        }
        int colon = value.indexOf(':', start);
        return colon >= 0 && colon < at ? value.substring(0, colon + 1) + "****" + value.substring(at) : value;
    }

    @Override
    public String toString() {
        return "http://"
                + user.map(u -> u + (password.isPresent() ? ":****" : "") + "@").orElse("")
                + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + " (" + variable + ")";
    }
}
