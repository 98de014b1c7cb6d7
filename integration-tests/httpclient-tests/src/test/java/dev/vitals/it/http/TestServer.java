package dev.vitals.it.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real local HTTP server that the child's clients call (the JDK's com.sun.net.httpserver, in the test JVM):
 * {@code /status/<code>}, {@code /delay/<ms>} (answers 201 after the delay), {@code /healthcheck}, and a stand-in
 * for Stripe's {@code /v1/charges}. {@link #failing} makes {@code /healthcheck} and {@code /v1} answer 500.
 * Counts requests per first path segment and keeps the Authorization headers it saw.
 */
final class TestServer implements AutoCloseable {
    static final String PASSWORD = "changeit";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-server");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<String> methods = new CopyOnWriteArrayList<>();
    volatile boolean failing;

    private TestServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static TestServer http() throws IOException {
        return new TestServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    /** An HTTPS server with a self-signed certificate for 127.0.0.1 kept in {@code keyStore} (PKCS12, {@value #PASSWORD}). */
    static TestServer https(Path keyStore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        return new TestServer(server);
    }

    /** Makes a self-signed certificate for 127.0.0.1 with the JDK's keytool. */
    static Path selfSignedKeyStore(Path dir) throws Exception {
        Path ks = dir.resolve("server.p12");
        Path keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "RSA",
                "-keysize", "2048", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", PASSWORD,
                "-keypass", PASSWORD, "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        return ks;
    }

    int port() {
        return server.getAddress().getPort();
    }

    String base() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + port();
    }

    int count(String firstSegment) {
        AtomicInteger c = counts.get(firstSegment);
        return c == null ? 0 : c.get();
    }

    private void handle(HttpExchange e) throws IOException {
        try (e) {
            String path = e.getRequestURI().getPath();
            String[] parts = path.split("/");
            String first = parts.length > 1 ? parts[1] : "";
            counts.computeIfAbsent(first, k -> new AtomicInteger()).incrementAndGet();
            methods.add(e.getRequestMethod() + " " + path);
            String auth = e.getRequestHeaders().getFirst("Authorization");
            if (auth != null) {
                authorizations.add(auth);
            }
            e.getRequestBody().readAllBytes();
            switch (first) {
                case "status":
                    respond(e, Integer.parseInt(parts[2]), "{\"ok\":true}");
                    break;
                case "delay":
                    sleep(Long.parseLong(parts[2]));
                    respond(e, 201, "{\"delayed\":true}");
                    break;
                case "healthcheck":
                    respond(e, failing ? 500 : 200, "{}");
                    break;
                case "v1":
                    stripe(e, parts);
                    break;
                default:
                    respond(e, 404, "{}");
            }
        }
    }

    /** Answers like Stripe's API: a charge object, or an error object with 500 while failing. */
    private void stripe(HttpExchange e, String[] parts) throws IOException {
        e.getResponseHeaders().set("Request-Id", "req_test123");
        if (failing) {
            respond(e, 500, "{\"error\":{\"type\":\"api_error\",\"message\":\"temporarily unavailable\"}}");
            return;
        }
        String id = parts.length > 3 ? parts[3] : "ch_3MmlLrLkdIwHu7ix0snN0B15";
        respond(e, 200, "{\"id\":\"" + id + "\",\"object\":\"charge\",\"amount\":2000,\"currency\":\"usd\","
                + "\"captured\":true,\"paid\":true,\"status\":\"succeeded\",\"livemode\":false,\"created\":1700000000}");
    }

    private static void respond(HttpExchange e, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        e.getResponseHeaders().set("Content-Type", "application/json");
        if ("HEAD".equals(e.getRequestMethod())) {
            e.sendResponseHeaders(status, -1);
            return;
        }
        e.sendResponseHeaders(status, body.length);
        try (OutputStream out = e.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
