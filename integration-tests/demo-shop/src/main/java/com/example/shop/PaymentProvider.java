package com.example.shop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A local stand-in for a Stripe-like payment provider, on loopback port {@value #PREFERRED_PORT} (or a free one):
 * {@code POST /v1/charges}
 * (form body {@code amount}, {@code currency}, {@code description}) and {@code GET /v1/charges/{id}}, with
 * Stripe's response and error shapes. {@link #outage} makes it answer 503 for a while, so that a circuit
 * breaker has something to open on. Thread-safe.
 */
final class PaymentProvider implements AutoCloseable {
    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, String> charges = new ConcurrentHashMap<>();
    private volatile long outageEndsAtMillis;

    private PaymentProvider(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * The provider's usual port, stripe-mock's (12111), so that an agent argument such as
     * {@code services.hosts=127.0.0.1:12111=stripe} names it; any free port when that one is taken.
     */
    static final int PREFERRED_PORT = 12111;

    static PaymentProvider start() throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), PREFERRED_PORT), 0);
        } catch (java.net.BindException taken) {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        }
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "payment-provider");
            t.setDaemon(true);
            return t;
        });
        PaymentProvider provider = new PaymentProvider(server, executor);
        server.createContext("/v1/charges", provider::handle);
        server.setExecutor(executor);
        server.start();
        return provider;
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers every request with 503 for {@code length} from now; {@link Duration#ZERO} ends an outage. */
    void outage(Duration length) {
        outageEndsAtMillis = System.currentTimeMillis() + length.toMillis();
    }

    long outageSecondsLeft() {
        return Math.max(0, (outageEndsAtMillis - System.currentTimeMillis() + 999) / 1000);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer sk_")) {
                error(exchange, 401, "invalid_request_error", "You did not provide a valid API key.");
                return;
            }
            if (outageSecondsLeft() > 0) {
                error(exchange, 503, "api_error", "The payment provider is temporarily unavailable.");
                return;
            }
            sleepMillis(ThreadLocalRandom.current().nextInt(5, 40)); // a real provider is not instant
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/v1/charges") && method.equals("POST")) {
                create(exchange);
            } else if (path.startsWith("/v1/charges/") && method.equals("GET")) {
                String id = path.substring("/v1/charges/".length());
                String charge = charges.get(id);
                if (charge == null) {
                    error(exchange, 404, "invalid_request_error", "No such charge: '" + id + "'");
                } else {
                    respond(exchange, 200, charge);
                }
            } else {
                error(exchange, 404, "invalid_request_error", "Unrecognized request URL (" + method + ": " + path + ")");
            }
        }
    }

    private void create(HttpExchange exchange) throws IOException {
        Map<String, String> form = new HashMap<>();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        long amount;
        try {
            amount = Long.parseLong(form.getOrDefault("amount", ""));
        } catch (NumberFormatException e) {
            amount = 0;
        }
        if (amount <= 0) {
            error(exchange, 400, "invalid_request_error", "Missing or invalid amount.");
            return;
        }
        String id = "ch_" + randomId(24);
        String charge = "{\"id\":" + Json.quote(id) + ",\"object\":\"charge\",\"amount\":" + amount
                + ",\"amount_captured\":" + amount + ",\"currency\":" + Json.quote(form.getOrDefault("currency", "usd"))
                + ",\"created\":" + Instant.now().getEpochSecond() + ",\"captured\":true,\"paid\":true"
                + ",\"description\":" + Json.quote(form.getOrDefault("description", "")) + ",\"status\":\"succeeded\"}";
        charges.put(id, charge);
        respond(exchange, 200, charge);
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        respond(exchange, status, "{\"error\":{\"type\":" + Json.quote(type) + ",\"message\":" + Json.quote(message) + "}}");
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Request-Id", "req_" + randomId(14));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String randomId(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
        }
        return sb.toString();
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
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
