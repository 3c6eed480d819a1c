package dev.stellar.finetune.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.maven.settings.Proxy;
import org.junit.jupiter.api.Test;

/** settings.xml's proxy as the URL the Hub client reads: credentials percent-encoded, IPv6 in brackets. */
class HubAccessTest {

    private static Proxy proxy(String host, int port, String user, String password) {
        Proxy proxy = new Proxy();
        proxy.setHost(host);
        proxy.setPort(port);
        proxy.setUsername(user);
        proxy.setPassword(password);
        return proxy;
    }

    @Test
    void aSettingsProxyBecomesAUrlWithItsCredentials() {
        assertEquals("http://proxy.example:3128", HubAccess.proxyUrl(proxy("proxy.example", 3128, null, null)));
        assertEquals(
                "http://alice:p%40ss%3Aw%20rd@proxy.example:3128",
                HubAccess.proxyUrl(proxy("proxy.example", 3128, "alice", "p@ss:w rd")));
        assertEquals(
                "http://alice@proxy.example:8080", HubAccess.proxyUrl(proxy("proxy.example", 8080, "alice", null)));
        assertEquals("http://[::1]:3128", HubAccess.proxyUrl(proxy("::1", 3128, null, null)));
    }
}
