package dev.stellar.finetune.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stellar.finetune.config.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The proxy variables in the forms people write them, and which hosts go direct, as curl and requests read them. */
class ProxySettingsTest {

    @Test
    void theCommonFormsAreAccepted() {
        assertEquals(
                new ProxyAddress("HTTPS_PROXY", "proxy.example", 3128, Optional.empty(), Optional.empty()),
                ProxyAddress.parse("HTTPS_PROXY", "proxy.example:3128"));
        assertEquals(
                new ProxyAddress("HTTPS_PROXY", "proxy.example", 3128, Optional.empty(), Optional.empty()),
                ProxyAddress.parse("HTTPS_PROXY", " http://proxy.example:3128/ "));
        assertEquals(80, ProxyAddress.parse("HTTP_PROXY", "proxy.example").port());
        assertEquals(
                443, ProxyAddress.parse("HTTP_PROXY", "https://proxy.example").port());
        assertEquals("::1", ProxyAddress.parse("HTTP_PROXY", "[::1]:3128").host());
        assertEquals(3128, ProxyAddress.parse("HTTP_PROXY", "[::1]:3128").port());
    }

    @Test
    void credentialsComeFromTheUserInfoAndAreNeverShown() {
        ProxyAddress proxy = ProxyAddress.parse("HTTPS_PROXY", "http://alice:s%40cr%3At@proxy.example:3128");
        assertEquals(Optional.of("alice"), proxy.user());
        assertEquals(Optional.of("s@cr:t"), proxy.password());
        assertEquals(
                Optional.of(
                        "Basic " + Base64.getEncoder().encodeToString("alice:s@cr:t".getBytes(StandardCharsets.UTF_8))),
                proxy.authorization());
        assertEquals("http://alice:****@proxy.example:3128 (HTTPS_PROXY)", proxy.toString());
        assertEquals(
                Optional.empty(),
                ProxyAddress.parse("HTTPS_PROXY", "proxy.example:3128").authorization());
    }

    @Test
    void aMalformedValueNamesTheVariableTheValueAndTheFormWithoutThePassword() {
        var port = assertThrows(
                ConfigurationException.class, () -> ProxyAddress.parse("HTTPS_PROXY", "http://proxy.example:port"));
        assertEquals(
                "Invalid HTTPS_PROXY = http://proxy.example:port: the port port is not a number from 1 to 65535."
                        + " Fix: write it as host:port or http://[user:password@]host:port (e.g. http://proxy.example:3128), or"
                        + " unset it",
                port.getMessage());
        var secret = assertThrows(
                ConfigurationException.class,
                () -> ProxyAddress.parse("HTTP_PROXY", "http://bob:hunter2@proxy.example:99999"));
        assertTrue(
                secret.getMessage()
                        .startsWith(
                                "Invalid HTTP_PROXY = http://bob:****@proxy.example:99999: the port" + " 99999 is not"),
                secret.getMessage());
        assertFalse(secret.getMessage().contains("hunter2"), secret.getMessage());
        var socks = assertThrows(
                ConfigurationException.class, () -> ProxyAddress.parse("ALL_PROXY", "socks5://proxy.example:1080"));
        assertTrue(socks.getMessage().contains("a SOCKS proxy"), socks.getMessage());
        assertThrows(ConfigurationException.class, () -> ProxyAddress.parse("HTTPS_PROXY", "http://:3128"));
    }

    @Test
    void noProxyTakesDomainsLeadingDotsWildcardsPortsAndBlocks() {
        NoProxyRules rules = NoProxyRules.of(
                "example.com, .internal.example,*.corp.example, hub.mirror:8443," + " 10.0.0.0/8, 192.168.1.7", null);
        assertTrue(rules.bypass("example.com", 443));
        assertTrue(rules.bypass("cdn.example.com", 443), "a domain covers its subdomains");
        assertFalse(rules.bypass("notexample.com", 443), "but not other names ending the same");
        assertTrue(rules.bypass("internal.example", 443));
        assertTrue(rules.bypass("a.b.internal.example", 443));
        assertTrue(rules.bypass("hub.mirror", 8443));
        assertFalse(rules.bypass("hub.mirror", 443), "host:port covers that port only");
        assertTrue(rules.bypass("hub.corp.example", 443));
        assertTrue(rules.bypass("10.20.30.40", 443));
        assertFalse(rules.bypass("11.0.0.1", 443));
        assertTrue(rules.bypass("192.168.1.7", 80));
        assertTrue(rules.bypass("EXAMPLE.COM", 443), "names are case-insensitive");
        assertFalse(rules.bypass("huggingface.co", 443));
        assertTrue(rules.bypass("localhost", 8080), "loopback always goes direct");
        assertTrue(rules.bypass("127.0.0.1", 8080));
        assertTrue(rules.bypass("[::1]", 8080));
        assertTrue(NoProxyRules.of("*", null).bypass("huggingface.co", 443));
        assertFalse(NoProxyRules.of("", null).bypass("huggingface.co", 443));
    }

    @Test
    void mavenNonProxyHostsTakeBarsAndWildcards() {
        NoProxyRules rules = NoProxyRules.of(null, "*.corp.example|localhost|10.1.*|hf-mirror");
        assertTrue(rules.bypass("hub.corp.example", 443));
        assertFalse(rules.bypass("corp.example", 443), "Maven's wildcard needs the characters it stands for");
        assertTrue(rules.bypass("10.1.2.3", 443));
        assertTrue(rules.bypass("HF-MIRROR", 443));
        assertFalse(rules.bypass("hf-mirror.example", 443), "a pattern without * is the whole name");
    }

    @Test
    void eachSchemeHasItsVariableLowercaseFirstAndNoProxyApplies() {
        HubNetwork network = HubNetwork.from(Map.of(
                "HTTPS_PROXY",
                "proxy.example:3128",
                "https_proxy",
                "lower.example:8080",
                "HTTP_PROXY",
                "plain.example:3128",
                "NO_PROXY",
                "mirror.example"));
        assertEquals(
                "lower.example",
                network.proxyFor(URI.create("https://huggingface.co/api"))
                        .orElseThrow()
                        .host());
        assertEquals(
                "plain.example",
                network.proxyFor(URI.create("http://hub.example/api"))
                        .orElseThrow()
                        .host());
        assertEquals(Optional.empty(), network.proxyFor(URI.create("https://mirror.example/api")));
        assertEquals(Optional.empty(), network.proxyFor(URI.create("http://127.0.0.1:8080/api")));
        assertEquals(
                "proxy.example",
                HubNetwork.from(Map.of("ALL_PROXY", "proxy.example:3128"))
                        .proxyFor(URI.create("https://huggingface.co"))
                        .orElseThrow()
                        .host());
        assertEquals(Optional.empty(), HubNetwork.from(Map.of()).proxyFor(URI.create("https://huggingface.co")));
    }

    @Test
    void anHttpsTunnelCarriesTheProxyCredentials() throws Exception {
        try (ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> heard = CompletableFuture.supplyAsync(() -> firstRequestHead(proxy));
            Process probe = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            TunnelProbe.class.getName(),
                            "http://alice:s%40cret@127.0.0.1:" + proxy.getLocalPort())
                    .inheritIO()
                    .start();
            try {
                String head = heard.get(60, TimeUnit.SECONDS);
                assertTrue(head.startsWith("CONNECT hub.example:443 "), head);
                assertTrue(
                        head.toLowerCase(Locale.ROOT)
                                .contains("proxy-authorization: basic "
                                        + Base64.getEncoder()
                                                .encodeToString("alice:s@cret".getBytes(StandardCharsets.UTF_8))
                                                .toLowerCase(Locale.ROOT)),
                        "the JDK would have dropped Basic from the CONNECT: " + head);
            } finally {
                probe.destroyForcibly();
            }
        }
    }

    /** The request line and headers of the first connection, which is then closed. */
    private static String firstRequestHead(ServerSocket server) {
        try (Socket client = server.accept()) {
            client.setSoTimeout(30_000);
            InputStream in = client.getInputStream();
            StringBuilder head = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && !head.toString().endsWith("\r\n\r\n")) {
                head.append((char) c);
            }
            return head.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
