package dev.stellar.finetune.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser harness itself: it sees what a page rendered, and it sees every request a page makes. */
class HeadlessChromiumTest {

    private static final String PIXEL_PNG =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    static Path temp;

    private static HeadlessChromium browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        Path executable = HeadlessChromium.requiredExecutable("the browser checks");
        browser = HeadlessChromium.start(executable, temp.resolve("profile"));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aSelfContainedPageRendersWithoutAnyRequest() throws IOException {
        Path page = Files.writeString(temp.resolve("report.html"), """
                <!doctype html>
                <html><head><meta charset="utf-8"><title>Report</title></head>
                <body style="margin:0">
                <svg width="400" height="1500" xmlns="http://www.w3.org/2000/svg">
                  <polyline points="0,0 200,750 400,1500" fill="none" stroke="black"/>
                </svg>
                <img alt="inline" src="data:image/png;base64,%s">
                </body></html>
                """.formatted(PIXEL_PNG));
        Path png = temp.resolve("report.png");

        HeadlessChromium.PageVisit visit = browser.visit(
                page, 600, "({svgs: document.querySelectorAll('svg').length, title: document.title})", png);

        JsonObject probe = visit.probe().getAsJsonObject();
        assertEquals(1, probe.get("svgs").getAsInt());
        assertEquals("Report", probe.get("title").getAsString());
        assertEquals(List.of(), visit.networkRequests());
        assertTrue(
                visit.requestedUrls().contains(visit.pageUrl()),
                visit.requestedUrls().toString());
        assertEquals(List.of(), visit.consoleErrors());

        byte[] image = Files.readAllBytes(png);
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(image, PNG_MAGIC.length));
        // The IHDR chunk follows the magic: width and height, big-endian. Full page: taller than the 900 px viewport.
        ByteBuffer header = ByteBuffer.wrap(image, 16, 8);
        assertEquals(600, header.getInt());
        assertTrue(header.getInt() >= 1500, "the screenshot covers the whole page");
    }

    @Test
    void requestsToTheNetworkAreDetected() throws IOException {
        List<String> served = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            served.add(exchange.getRequestURI().getPath());
            byte[] body = exchange.getRequestURI().getPath().endsWith(".png")
                    ? Base64.getDecoder().decode(PIXEL_PNG)
                    : "document.title = 'scripted';".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String origin = "http://127.0.0.1:" + server.getAddress().getPort();
            Path page = Files.writeString(temp.resolve("tracking.html"), """
                    <!doctype html>
                    <html><head><title>Report</title><script src="%1$s/app.js"></script></head>
                    <body><img alt="pixel" src="%1$s/pixel.png"></body></html>
                    """.formatted(origin));

            HeadlessChromium.PageVisit visit = browser.visit(page, 600, "document.title", null);

            assertEquals("scripted", visit.probe().getAsString(), "the served script ran");
            assertTrue(
                    visit.networkRequests().containsAll(List.of(origin + "/app.js", origin + "/pixel.png")),
                    visit.networkRequests().toString());
            assertTrue(served.containsAll(List.of("/app.js", "/pixel.png")), served.toString());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void scriptErrorsAreReported() throws IOException {
        Path page = Files.writeString(temp.resolve("broken.html"), """
                <!doctype html>
                <html><body><script>
                console.error('bad value', 42);
                throw new Error('boom');
                </script></body></html>
                """);

        HeadlessChromium.PageVisit visit = browser.visit(page, 600, null, null);

        assertTrue(
                visit.consoleErrors().contains("console.error: bad value 42"),
                visit.consoleErrors().toString());
        assertTrue(
                visit.consoleErrors().stream().anyMatch(error -> error.contains("Error: boom")),
                visit.consoleErrors().toString());
        assertEquals(List.of(), visit.networkRequests());
    }
}
