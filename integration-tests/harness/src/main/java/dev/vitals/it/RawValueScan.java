package dev.vitals.it;

import java.io.IOException;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Everything an agent shows or keeps, as text, for checking that values of the application (path segments, Redis
 * key parts) appear nowhere: endpoint bodies, the live stream's first {@code snapshot}, and every file under its
 * {@code data.dir} (history segments hold their labels as UTF-8 strings).
 */
public final class RawValueScan {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** The stream's groups, all of them. */
    public static final String STREAM = "/metrics/stream?metrics=requests,database,cache,circuit-breakers,system,health";

    private final Map<String, String> texts = new LinkedHashMap<>();
    private final StringBuilder files = new StringBuilder();

    private RawValueScan() {
    }

    /** Reads {@code endpoints} (paths with queries) of the agent on {@code agentPort}, its stream and {@code dataDir}. */
    public static RawValueScan read(int agentPort, Path dataDir, String... endpoints) {
        RawValueScan scan = new RawValueScan();
        for (String endpoint : endpoints) {
            scan.texts.put(endpoint, get(URI.create("http://127.0.0.1:" + agentPort + endpoint)));
        }
        scan.texts.put("stream snapshot", snapshot(URI.create("ws://127.0.0.1:" + agentPort + STREAM)));
        for (Path file : files(dataDir)) {
            try {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                scan.texts.put(file.toString(), text);
                scan.files.append(text);
            } catch (IOException e) {
                // a segment rotated away while listed: nothing left to leak
            }
        }
        return scan;
    }

    /** The text read from {@code source} (an endpoint, {@code "stream snapshot"} or a file), or null. */
    public String text(String source) {
        return texts.get(source);
    }

    /** Concatenated contents of every file read from the data directory. */
    public String files() {
        return files.toString();
    }

    /** Fails naming the first value found, and where, if any of {@code values} occurs in any text read. */
    public void assertNoneOf(Collection<String> values) {
        for (Map.Entry<String, String> e : texts.entrySet()) {
            for (String value : values) {
                int at = e.getValue().indexOf(value);
                if (at >= 0) {
                    String around = e.getValue().substring(Math.max(0, at - 120), Math.min(e.getValue().length(), at + 120));
                    fail("raw value '" + value + "' in " + e.getKey() + ": ..." + around + "...");
                }
            }
        }
    }

    /** Every regular file under {@code dir}, or none when it does not exist. */
    public static List<Path> files(Path dir) {
        List<Path> files = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static String get(URI uri) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                fail("GET " + uri + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The stream's first message (the snapshot), whole. */
    private static String snapshot(URI uri) {
        CompletableFuture<String> first = new CompletableFuture<>();
        StringBuilder partial = new StringBuilder();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    first.complete(partial.toString());
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                first.completeExceptionally(error);
            }
        };
        WebSocket ws = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, listener).join();
        try {
            return first.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no stream snapshot from " + uri, e);
        } finally {
            ws.abort();
        }
    }
}
