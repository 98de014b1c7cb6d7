package dev.vitals.it.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A local HTTP receiver (the JDK's own server on a free port) standing in for a webhook endpoint or Slack.
 * It records every request and answers with the queued statuses first, then 200.
 */
final class Receiver implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received. */
    record Received(String method, String path, Map<String, String> headers, byte[] body, long receivedAt) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final Deque<Integer> statuses = new ArrayDeque<>();

    Receiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            int status;
            synchronized (this) {
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body,
                        System.currentTimeMillis()));
                Integer queued = statuses.pollFirst();
                status = queued == null ? 200 : queued;
                notifyAll();
            }
            byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    /** Answers the next requests with these statuses, in order. */
    synchronized Receiver failFirst(int... codes) {
        for (int c : codes) {
            statuses.addLast(c);
        }
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    synchronized List<Received> all() {
        return new ArrayList<>(received);
    }

    /** Waits until {@code count} received requests match, and returns them. */
    synchronized List<Received> await(Predicate<Received> match, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Received> matching = received.stream().filter(match).toList();
            if (matching.size() >= count) {
                return matching;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " matching requests within " + timeout + ", got "
                        + matching.size() + "; all received: " + received.stream().map(Received::text).toList());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    synchronized long count(Predicate<Received> match) {
        return received.stream().filter(match).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
