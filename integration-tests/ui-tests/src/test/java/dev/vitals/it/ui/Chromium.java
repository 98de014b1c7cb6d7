package dev.vitals.it.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Debian's {@code chromium}, headless, driven over the Chrome DevTools Protocol with the JDK's WebSocket client:
 * one page, {@code Runtime.evaluate} to read the DOM and click, {@code Page.captureScreenshot} for artifacts.
 * The browser is started with {@code --remote-debugging-port=0} and found through the {@code DevToolsActivePort}
 * file it writes into its fresh profile directory. {@link #close()} ends the process.
 */
final class Chromium implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();

    private Chromium(Process process, URI pageSocket) {
        this.process = process;
        this.page = HTTP.newWebSocketBuilder().buildAsync(pageSocket, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    dispatch(partial.toString());
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }
        }).join();
    }

    static Chromium launch(Path executable, Path profile, int width, int height) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of(executable.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--hide-scrollbars",
                "--window-size=" + width + "," + height, "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "about:blank"));
        pb.redirectErrorStream(true);
        Process process = pb.start();
        drain(process.getInputStream());
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("chromium did not start its DevTools endpoint (alive: " + process.isAlive() + ")");
            }
            Thread.sleep(100);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
        try {
            JsonNode targets = WsClient.JSON.readTree(HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/list")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode t : targets) {
                if ("page".equals(t.path("type").asText())) {
                    Chromium c = new Chromium(process, URI.create(t.path("webSocketDebuggerUrl").asText()));
                    c.call("Page.enable", null);
                    c.call("Runtime.enable", null);
                    return c;
                }
            }
            throw new AssertionError("chromium has no page target: " + targets);
        } catch (Exception | AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static void drain(InputStream in) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                while (in.read(buffer) >= 0) {
                    // Chromium's own log (dbus and GPU complaints) is of no interest to the test.
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "chromium-output");
        t.setDaemon(true);
        t.start();
    }

    private void dispatch(String text) {
        try {
            JsonNode message = WsClient.JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(message.path("id").asInt());
                if (f != null) {
                    f.complete(message);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one DevTools command and returns its {@code result}; fails on a protocol error. */
    JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode request = WsClient.JSON.createObjectNode().put("id", id).put("method", method);
        if (params != null) {
            request.set("params", params);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        page.sendText(WsClient.JSON.writeValueAsString(request), true).join();
        JsonNode response = answer.get(30, TimeUnit.SECONDS);
        if (response.has("error")) {
            throw new AssertionError(method + " failed: " + response.path("error"));
        }
        return response.path("result");
    }

    /** Navigates and waits until the new document has loaded (Page.navigate itself returns before that). */
    void navigate(String url) throws Exception {
        call("Page.navigate", WsClient.JSON.createObjectNode().put("url", url));
        await("location.href === " + WsClient.JSON.writeValueAsString(url) + " && document.readyState === 'complete'",
                JsonNode::asBoolean, Duration.ofSeconds(30), "loading " + url);
    }

    /** Evaluates a JavaScript expression in the page and returns its value (as JSON); fails on an exception. */
    JsonNode eval(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", WsClient.JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new AssertionError("page script failed: " + expression + " -> " + result.path("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Polls an expression until its value passes, for up to {@code timeout}; returns the passing value. */
    JsonNode await(String expression, Predicate<JsonNode> passes, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = eval(expression);
            } catch (AssertionError e) {
                // The page may still be loading (elements not there yet): try again until the deadline.
                last = WsClient.JSON.getNodeFactory().textNode(e.getMessage());
                Thread.sleep(250);
                continue;
            }
            if (passes.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(what + ": '" + expression + "' was " + last + " after " + timeout.toSeconds() + " s");
    }

    /** A PNG of the whole page. */
    byte[] screenshot() throws Exception {
        JsonNode shot = call("Page.captureScreenshot", WsClient.JSON.createObjectNode().put("format", "png")
                .put("captureBeyondViewport", true));
        return Base64.getDecoder().decode(shot.path("data").asText().getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void close() {
        page.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
