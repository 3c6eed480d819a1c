package dev.stellar.finetune.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Test utility: drives headless Chromium over the Chrome DevTools Protocol (one websocket to the browser, pages
 * attached as flattened sessions), so a test can open an HTML file, probe what it rendered and list every request it
 * made.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** After the load event the page counts as settled once no DevTools event arrived for this long. */
    private static final Duration QUIET = Duration.ofMillis(300);
    /** A page that never goes quiet (a ticking console log) is probed anyway after this long. */
    private static final Duration QUIET_LIMIT = Duration.ofSeconds(3);

    private static final int VIEWPORT_HEIGHT = 900;

    private final Process process;
    private final Path profile;
    private final ErrorStream stderr;
    private final DevTools devTools;

    private HeadlessChromium(Process process, Path profile, ErrorStream stderr, DevTools devTools) {
        this.process = process;
        this.profile = profile;
        this.stderr = stderr;
        this.devTools = devTools;
    }

    /** The browser: $CHROMIUM if set, else chromium, chromium-browser or google-chrome on the PATH; empty when none. */
    public static Optional<Path> executable() {
        String configured = System.getenv("CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of("chromium", "chromium-browser", "google-chrome")
                .flatMap(name -> Stream.of(path.split(File.pathSeparator))
                        .filter(dir -> !dir.isEmpty())
                        .map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * The browser for a test that needs one: skipped (a JUnit assumption) where none is installed, but failed
     * under CI=true, where a skipped browser check would let a broken report pass.
     */
    public static Path requiredExecutable(String what) {
        Optional<Path> executable = executable();
        String missing = "No Chromium on the PATH (nor $CHROMIUM): `apt-get update && apt-get install -y chromium`"
                + " enables " + what;
        if (executable.isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(missing + " (CI=true: a CI run must not skip it)");
        }
        Assumptions.assumeTrue(executable.isPresent(), missing);
        return executable.get();
    }

    /** Starts the browser with its profile in profileDirectory (created if missing; the caller deletes it). */
    public static HeadlessChromium start(Path executable, Path profileDirectory) throws IOException {
        Path profile = Files.createDirectories(profileDirectory).toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(
                        executable.toString(),
                        "--headless=new",
                        "--no-sandbox", // refused as root otherwise, and containers often lack the sandbox's namespaces
                        "--disable-gpu",
                        "--disable-dev-shm-usage", // containers often have a tiny /dev/shm
                        "--remote-debugging-port=0", // any free port; the URL is read back from stderr
                        "--user-data-dir=" + profile,
                        "--no-first-run",
                        "--no-default-browser-check",
                        // The browser's own traffic (updates, sync, field trials) stays out of a test that counts
                        // requests.
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-default-apps",
                        "--disable-extensions",
                        "--disable-sync",
                        "--hide-scrollbars",
                        "--mute-audio",
                        "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // The crash handler keeps its database under $XDG_CONFIG_HOME/chromium, not in the profile. Pointing it into
        // the profile keeps the user's home clean and names the profile in the handler's command line: the handler
        // detaches from the process tree, and processesOf finds it by that name.
        builder.environment()
                .put("XDG_CONFIG_HOME", profile.resolve("xdg-config").toString());
        Process process = builder.start();
        ErrorStream stderr = new ErrorStream(process.getErrorStream());
        stderr.start();
        try {
            URI url = await(stderr.devToolsUrl, "Chromium to print its DevTools URL");
            return new HeadlessChromium(process, profile, stderr, DevTools.connect(url));
        } catch (IOException e) {
            List<ProcessHandle> helpers = processesOf(process, profile);
            process.destroyForcibly();
            kill(process, helpers);
            throw new IOException("Could not start " + executable + ": " + e.getMessage() + stderr.tail(), e);
        }
    }

    /**
     * Opens the file in a fresh tab of the given width (height 900), waits for its load event and a short quiet period,
     * evaluates probeScript (when not null; a returned promise is awaited, the result comes back by value) and, when
     * screenshot is not null, writes a full-page PNG there.
     */
    public PageVisit visit(Path html, int viewportWidth, String probeScript, Path screenshot) throws IOException {
        String pageUrl = html.toAbsolutePath().toUri().toString();
        try (Tab tab = openTab()) {
            // Every domain is enabled before navigating, so the page's first request is seen too.
            tab.call("Network.enable");
            tab.call("Page.enable");
            tab.call("Page.setLifecycleEventsEnabled", params("enabled", true));
            tab.call("Runtime.enable");
            tab.call("Log.enable");
            tab.call(
                    "Emulation.setDeviceMetricsOverride",
                    params("width", viewportWidth, "height", VIEWPORT_HEIGHT, "deviceScaleFactor", 1, "mobile", false));

            JsonObject navigation = tab.call("Page.navigate", params("url", pageUrl));
            if (navigation.has("errorText")) {
                throw new IOException(
                        "navigation failed: " + navigation.get("errorText").getAsString());
            }
            tab.awaitLoad(navigation.get("loaderId").getAsString());
            tab.awaitQuiet();
            JsonElement probe = probeScript == null ? JsonNull.INSTANCE : tab.evaluate(probeScript);
            if (screenshot != null) {
                tab.captureFullPage(screenshot);
            }
            tab.drainEvents();
            return new PageVisit(pageUrl, List.copyOf(tab.requestedUrls), List.copyOf(tab.consoleErrors), probe);
        } catch (IOException e) {
            throw new IOException("Visiting " + pageUrl + ": " + e.getMessage() + stderr.tail(), e);
        }
    }

    /**
     * What a visit saw: every URL the page requested (its own included), its console errors and uncaught exceptions,
     * and the probe script's value (JSON null without a probe).
     */
    public record PageVisit(String pageUrl, List<String> requestedUrls, List<String> consoleErrors, JsonElement probe) {

        /** The requested URLs but the page's own file:// URL and data: URLs: what a self-contained page never needs. */
        public List<String> networkRequests() {
            return requestedUrls.stream()
                    .filter(url -> !url.equals(pageUrl) && !url.startsWith("data:"))
                    .toList();
        }
    }

    /** Asks the browser to quit, then kills whatever of its process tree is left; the profile directory stays. */
    @Override
    public void close() {
        List<ProcessHandle> helpers = processesOf(process, profile); // listed now: once the browser is gone, orphans
        try {
            devTools.call(null, "Browser.close", new JsonObject());
        } catch (IOException e) {
            // The browser may drop the connection before replying, or be gone already: it is killed below either way.
        }
        devTools.abort();
        kill(process, helpers);
    }

    /** The browser's helper processes: its descendants, and those that detached from it but name its profile. */
    private static List<ProcessHandle> processesOf(Process browser, Path profile) {
        Stream<ProcessHandle> detached = ProcessHandle.allProcesses()
                .filter(handle -> handle.pid() != browser.pid()
                        && handle.info()
                                .commandLine()
                                .filter(line -> line.contains(profile.toString()))
                                .isPresent());
        return Stream.concat(browser.descendants(), detached).distinct().toList();
    }

    /** Waits for the browser to exit (killing it if it doesn't), then kills and waits for its helpers. */
    private static void kill(Process process, List<ProcessHandle> helpers) {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        helpers.forEach(ProcessHandle::destroyForcibly);
        CompletableFuture.allOf(helpers.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, 10, TimeUnit.SECONDS)
                .join();
    }

    private Tab openTab() throws IOException {
        String targetId = devTools.call(null, "Target.createTarget", params("url", "about:blank"))
                .get("targetId")
                .getAsString();
        try {
            String sessionId = devTools.call(
                            null, "Target.attachToTarget", params("targetId", targetId, "flatten", true))
                    .get("sessionId")
                    .getAsString();
            return new Tab(targetId, sessionId, devTools.events(sessionId));
        } catch (IOException e) {
            try {
                devTools.call(null, "Target.closeTarget", params("targetId", targetId));
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** One page target: its commands and the events of its session, recorded as they are read. */
    private final class Tab implements AutoCloseable {

        private final String targetId;
        private final String sessionId;
        private final BlockingQueue<JsonObject> events;
        private final List<String> requestedUrls = new ArrayList<>();
        private final List<String> consoleErrors = new ArrayList<>();

        Tab(String targetId, String sessionId, BlockingQueue<JsonObject> events) {
            this.targetId = targetId;
            this.sessionId = sessionId;
            this.events = events;
        }

        JsonObject call(String method) throws IOException {
            return call(method, new JsonObject());
        }

        JsonObject call(String method, JsonObject params) throws IOException {
            return devTools.call(sessionId, method, params);
        }

        /** The lifecycle "load" event names its loader, unlike Page.loadEventFired: about:blank's load can't pass. */
        void awaitLoad(String loaderId) throws IOException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                JsonObject event = next(deadline - System.nanoTime());
                if (event == null) {
                    throw new IOException("no load event within " + TIMEOUT.toSeconds() + " s");
                }
                JsonObject params = event.getAsJsonObject("params");
                if (event.get("method").getAsString().equals("Page.lifecycleEvent")
                        && params.get("name").getAsString().equals("load")
                        && params.get("loaderId").getAsString().equals(loaderId)) {
                    return;
                }
            }
        }

        /** Lets requests started by the load event (timers, lazy images) show up before the page is probed. */
        void awaitQuiet() throws IOException {
            long deadline = System.nanoTime() + QUIET_LIMIT.toNanos();
            while (System.nanoTime() < deadline && next(QUIET.toNanos()) != null) {
                // next() records the event
            }
        }

        void drainEvents() throws IOException {
            while (next(0) != null) {
                // next() records the event
            }
        }

        JsonElement evaluate(String script) throws IOException {
            JsonObject reply =
                    call("Runtime.evaluate", params("expression", script, "returnByValue", true, "awaitPromise", true));
            if (reply.has("exceptionDetails")) {
                throw new IOException("the probe script threw " + describe(reply.getAsJsonObject("exceptionDetails")));
            }
            JsonElement value = reply.getAsJsonObject("result").get("value");
            return value == null ? JsonNull.INSTANCE : value; // undefined comes back without a value
        }

        void captureFullPage(Path png) throws IOException {
            JsonObject size = call("Page.getLayoutMetrics").getAsJsonObject("cssContentSize");
            JsonObject clip = params(
                    "x",
                    0,
                    "y",
                    0,
                    "width",
                    Math.ceil(size.get("width").getAsDouble()),
                    "height",
                    Math.ceil(size.get("height").getAsDouble()),
                    "scale",
                    1);
            JsonObject shot = call(
                    "Page.captureScreenshot", params("format", "png", "captureBeyondViewport", true, "clip", clip));
            Files.write(png, Base64.getDecoder().decode(shot.get("data").getAsString()));
        }

        /** The next event of this session, already recorded; null when none came within the time. */
        private JsonObject next(long timeoutNanos) throws IOException {
            JsonObject event;
            try {
                event = events.poll(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted waiting for the page");
            }
            if (isClosed(event)) {
                throw new IOException("the DevTools connection closed: " + devTools.failure.getMessage());
            }
            if (event != null) {
                record(event.get("method").getAsString(), event.getAsJsonObject("params"));
            }
            return event;
        }

        private void record(String method, JsonObject params) {
            switch (method) {
                case "Network.requestWillBeSent" ->
                    requestedUrls.add(
                            params.getAsJsonObject("request").get("url").getAsString());
                case "Runtime.exceptionThrown" ->
                    consoleErrors.add(describe(params.getAsJsonObject("exceptionDetails")));
                case "Runtime.consoleAPICalled" -> {
                    if (params.get("type").getAsString().equals("error")) {
                        List<String> args = new ArrayList<>();
                        params.getAsJsonArray("args").forEach(arg -> args.add(describeRemote(arg.getAsJsonObject())));
                        consoleErrors.add("console.error: " + String.join(" ", args));
                    }
                }
                case "Log.entryAdded" -> {
                    JsonObject entry = params.getAsJsonObject("entry");
                    if (entry.get("level").getAsString().equals("error")) {
                        consoleErrors.add(entry.get("text").getAsString()
                                + (entry.has("url") ? " (" + entry.get("url").getAsString() + ")" : ""));
                    }
                }
                default -> {}
            }
        }

        @Override
        public void close() throws IOException {
            devTools.forget(sessionId);
            devTools.call(null, "Target.closeTarget", params("targetId", targetId));
        }
    }

    /** An exception's description (message and stack) when it has one, else the text DevTools gives. */
    private static String describe(JsonObject exceptionDetails) {
        JsonObject exception = exceptionDetails.getAsJsonObject("exception");
        return exception != null && exception.has("description")
                ? exception.get("description").getAsString()
                : exceptionDetails.get("text").getAsString();
    }

    /** A console argument: primitives by value, objects by their description. */
    private static String describeRemote(JsonObject remoteObject) {
        if (remoteObject.has("value")) {
            JsonElement value = remoteObject.get("value");
            return value.isJsonPrimitive() ? value.getAsString() : value.toString();
        }
        return remoteObject.has("description")
                ? remoteObject.get("description").getAsString()
                : remoteObject.get("type").getAsString();
    }

    /** A JSON object from alternating names and values (strings, numbers, booleans or JSON). */
    private static JsonObject params(Object... namesAndValues) {
        JsonObject object = new JsonObject();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = (String) namesAndValues[i];
            Object value = namesAndValues[i + 1];
            if (value instanceof JsonElement json) {
                object.add(name, json);
            } else if (value instanceof String string) {
                object.addProperty(name, string);
            } else if (value instanceof Number number) {
                object.addProperty(name, number);
            } else {
                object.addProperty(name, (Boolean) value);
            }
        }
        return object;
    }

    @SuppressWarnings("ReferenceEquality") // CLOSED is a marker object, told apart by identity
    private static boolean isClosed(JsonObject event) {
        return event == DevTools.CLOSED;
    }

    private static <T> T await(Future<T> future, String what) throws IOException {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("gave up waiting " + TIMEOUT.toSeconds() + " s for " + what, e);
        } catch (ExecutionException e) {
            throw new IOException(
                    "failed waiting for " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for " + what);
        }
    }

    /** The DevTools websocket: commands wait for their replies, events are queued per (flattened) session. */
    private static final class DevTools implements WebSocket.Listener {

        /** Queued for every session when the connection ends, so no one waits out a timeout for a dead browser. */
        static final JsonObject CLOSED = new JsonObject();

        private final AtomicInteger lastId = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonObject>> replies = new ConcurrentHashMap<>();
        private final Map<String, BlockingQueue<JsonObject>> sessions = new ConcurrentHashMap<>();
        private final StringBuilder message = new StringBuilder(); // the listener is called by one thread at a time
        private volatile Throwable failure;
        private WebSocket socket;

        static DevTools connect(URI url) throws IOException {
            DevTools devTools = new DevTools();
            devTools.socket = await(
                    HttpClient.newHttpClient()
                            .newWebSocketBuilder()
                            .connectTimeout(TIMEOUT)
                            .buildAsync(url, devTools),
                    "the DevTools connection to " + url);
            return devTools;
        }

        /** Sends a command (to the browser when sessionId is null) and returns its result. */
        JsonObject call(String sessionId, String method, JsonObject params) throws IOException {
            int id = lastId.incrementAndGet();
            JsonObject command = params("id", id, "method", method, "params", params);
            if (sessionId != null) {
                command.addProperty("sessionId", sessionId);
            }
            CompletableFuture<JsonObject> reply = new CompletableFuture<>();
            replies.put(id, reply);
            try {
                if (failure != null) {
                    reply.completeExceptionally(failure);
                }
                synchronized (this) { // a websocket takes one message at a time
                    await(socket.sendText(command.toString(), true), "sending " + method);
                }
                JsonObject response = await(reply, "the reply to " + method);
                if (response.has("error")) {
                    throw new IOException(method + " failed: " + response.get("error"));
                }
                return response.has("result") ? response.getAsJsonObject("result") : new JsonObject();
            } finally {
                replies.remove(id);
            }
        }

        BlockingQueue<JsonObject> events(String sessionId) {
            BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
            sessions.put(sessionId, events);
            return events;
        }

        void forget(String sessionId) {
            sessions.remove(sessionId);
        }

        void abort() {
            socket.abort();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data); // large replies (screenshots) arrive in fragments
            if (last) {
                dispatch(JsonParser.parseString(message.toString()).getAsJsonObject());
                message.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void dispatch(JsonObject received) {
            if (received.has("id")) {
                CompletableFuture<JsonObject> reply =
                        replies.get(received.get("id").getAsInt());
                if (reply != null) {
                    reply.complete(received);
                }
            } else if (received.has("sessionId")) {
                // Events of sessions no one listens to (the browser's own, or a closed tab's stragglers) are dropped.
                BlockingQueue<JsonObject> events =
                        sessions.get(received.get("sessionId").getAsString());
                if (events != null) {
                    events.add(received);
                }
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            fail(new IOException("closed by the browser (" + statusCode + " " + reason + ")"));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            fail(error);
        }

        private void fail(Throwable error) {
            failure = error;
            replies.values().forEach(reply -> reply.completeExceptionally(error));
            sessions.values().forEach(events -> events.add(CLOSED));
        }
    }

    /**
     * Reads the browser's stderr to the end (a full pipe would stall it), keeps the last lines for error messages
     * and picks out the DevTools URL.
     */
    private static final class ErrorStream extends Thread {

        private static final int KEPT_LINES = 30;
        private static final String LISTENING = "DevTools listening on ";

        final CompletableFuture<URI> devToolsUrl = new CompletableFuture<>();
        private final Deque<String> lastLines = new ArrayDeque<>();
        private final InputStream stream;

        ErrorStream(InputStream stream) {
            super("chromium-stderr");
            setDaemon(true);
            this.stream = stream;
        }

        @Override
        public void run() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    synchronized (lastLines) {
                        lastLines.addLast(line);
                        if (lastLines.size() > KEPT_LINES) {
                            lastLines.removeFirst();
                        }
                    }
                    if (line.startsWith(LISTENING)) {
                        devToolsUrl.complete(
                                URI.create(line.substring(LISTENING.length()).trim()));
                    }
                }
            } catch (IOException e) {
                // The stream closes with the process.
            } finally {
                devToolsUrl.completeExceptionally(new IOException("Chromium ended without printing its DevTools URL"));
            }
        }

        String tail() {
            synchronized (lastLines) {
                return lastLines.isEmpty() ? "" : "\nChromium's stderr, last lines:\n" + String.join("\n", lastLines);
            }
        }
    }
}
