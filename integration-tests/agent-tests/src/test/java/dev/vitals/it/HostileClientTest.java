package dev.vitals.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.WebApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent's listener under hostile traffic, all at once for about 12 s: 1,000 slowloris connections (request
 * heads sent a byte a second, from 40 loopback addresses, reopened when cut), 20 slow bodies, a request flood,
 * a 100 MB WebSocket message and overflowing report dates. Meanwhile a prober opens a fresh connection every
 * 50 ms to a Kubernetes probe path, as the kubelet does, and the application serves its own requests.
 *
 * <p>Asserted: every probe answered 200 within the kubelet's default 1 s timeout, every application request
 * succeeded, the 100 MB message was cut off early, and the bad dates were 400s. The probe latencies (p50, p99,
 * max) are printed, not asserted: timings depend on the machine.
 */
class HostileClientTest {
    private static final int SLOWLORIS = 1_000;
    private static final int SLOW_BODIES = 20;
    private static final int SOURCE_ADDRESSES = 40;
    private static final long ATTACK_MILLIS = 12_000;
    private static final int PROBE_TIMEOUT_MILLIS = 1_000;
    private static final String[] PROBES = {"/health/live", "/health/ready", "/health/started", "/health/ping"};

    private static AgentProcess agent;
    private static int appPort;

    @BeforeAll
    static void start() {
        agent = AgentProcess.main(WebApp.class).args("90")
                // The JDK's HTTP server is not one the agent knows, so readiness must not wait for it.
                .agentArg("health.ready.server", "false").jvmOptions("-Xmx256m").start();
        agent.agentPort();
        appPort = Integer.parseInt(agent.awaitOutput(Pattern.compile("^app port=(\\d+)"), Duration.ofSeconds(30)).group(1));
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void probesAndTheApplicationKeepAnsweringUnderAttack() throws Exception {
        int port = agent.agentPort();
        // The same prober for 3 s before the attack: what this machine gives without one.
        AtomicBoolean baselineRunning = new AtomicBoolean(true);
        List<Long> baselineNanos = new CopyOnWriteArrayList<>();
        List<String> baselineFailures = new CopyOnWriteArrayList<>();
        Thread baseline = thread("baseline", () -> probe(port, baselineRunning, baselineNanos, baselineFailures));
        baseline.start();
        Thread.sleep(3_000);
        baselineRunning.set(false);
        baseline.join(5_000);
        List<Long> quiet = new ArrayList<>(baselineNanos);
        Collections.sort(quiet);
        System.out.printf("quiet listener: %d probes, p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d failures%n", quiet.size(),
                millis(quiet, 0.5), millis(quiet, 0.99), millis(quiet, 1.0), baselineFailures.size());
        AtomicBoolean attacking = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        Slowloris slowloris = new Slowloris(port);
        threads.add(thread("slowloris", () -> slowloris.run(attacking)));
        AtomicLong flooded = new AtomicLong();
        for (int i = 0; i < 3; i++) {
            threads.add(thread("flood-" + i, () -> flood(port, attacking, flooded)));
        }
        AtomicLong webSocketBytesSent = new AtomicLong(-1);
        threads.add(thread("websocket", () -> webSocketBytesSent.set(hugeWebSocketMessage(port))));
        List<Long> probeNanos = new CopyOnWriteArrayList<>();
        List<String> probeFailures = new CopyOnWriteArrayList<>();
        threads.add(thread("prober", () -> probe(port, attacking, probeNanos, probeFailures)));
        List<String> appFailures = new CopyOnWriteArrayList<>();
        AtomicLong appRequests = new AtomicLong();
        threads.add(thread("app", () -> app(attacking, appRequests, appFailures)));
        for (Thread t : threads) {
            t.start();
        }
        // Fresh connections: under attack the listener closes idle keep-alive connections to make room.
        List<String> dateAnswers = new ArrayList<>();
        Thread.sleep(2_000);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int i = 0; i < 2; i++) {
            dateAnswers.add(answer(() -> rawGet(loopback, port,
                    "/reports/performance?period=monthly&startDate=-292275050-01-01T00:00:00Z&endDate=2026-01-01", 10_000)));
            dateAnswers.add(answer(() -> rawGet(loopback, port,
                    "/reports/performance?period=monthly&startDate=2026-01-01&endDate=%2B292278994-01-01T00:00:00Z", 10_000)));
        }
        String custom = answer(() -> raw(loopback, port, "POST /metrics/custom HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\n", "{\"type\":\"orders\",\"value\":1,\"timestamp\":\"+999999999-12-31T23:59:59Z\"}"));
        Thread.sleep(ATTACK_MILLIS - 2_000);
        attacking.set(false);
        for (Thread t : threads) {
            t.join(30_000);
        }
        slowloris.close();

        List<Long> sorted = new ArrayList<>(probeNanos);
        Collections.sort(sorted);
        System.out.printf("hostile listener: %d probes, p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d probe failures;"
                        + " slowloris peak %d open, %d reopened; %d flood requests; %d app requests;"
                        + " WebSocket bytes sent before the cut %d%n",
                sorted.size(), millis(sorted, 0.50), millis(sorted, 0.99), millis(sorted, 1.0), probeFailures.size(),
                slowloris.peakOpen, slowloris.reopened, flooded.get(), appRequests.get(), webSocketBytesSent.get());

        System.out.println("probe failures: " + probeFailures.subList(0, Math.min(10, probeFailures.size())));
        System.out.println("app failures: " + appFailures.subList(0, Math.min(10, appFailures.size())));
        assertEquals(List.of(), probeFailures, "every probe answered 200 within " + PROBE_TIMEOUT_MILLIS + " ms");
        assertTrue(sorted.size() > 100, "the prober ran: " + sorted.size());
        assertTrue(appRequests.get() > 50, "the application was asked: " + appRequests.get());
        assertEquals(List.of(), appFailures, "the application's own requests all succeeded");
        assertTrue(slowloris.peakOpen >= SLOWLORIS / 2, "the slowloris clients held connections: " + slowloris.peakOpen);
        assertTrue(flooded.get() > 100, "the flood ran: " + flooded.get());
        assertTrue(webSocketBytesSent.get() >= 0 && webSocketBytesSent.get() < 16L * 1024 * 1024,
                "the 100 MB WebSocket message was cut off early, after " + webSocketBytesSent.get() + " bytes");
        String badRequest = "HTTP/1.1 400 Bad Request";
        assertEquals(List.of(badRequest, badRequest, badRequest, badRequest),
                dateAnswers.stream().map(HostileClientTest::firstLine).collect(java.util.stream.Collectors.toList()),
                "overflowing report dates");
        assertTrue(custom.startsWith(badRequest) && custom.contains("timestamp"), custom);
        assertTrue(agent.isAlive(), "the application survived");
        assertEquals(200, agent.get("/health/live").status(), "the listener is still healthy after the attack");
    }

    @FunctionalInterface
    private interface Call {
        String call() throws IOException;
    }

    /** The answer, or the failure as text, so that one slow answer does not hide the figures. */
    private static String answer(Call call) {
        try {
            return call.call();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static double millis(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
        return sorted.get(Math.max(0, i)) / 1e6;
    }

    private static Thread thread(String name, Runnable task) {
        Thread t = new Thread(task, "hostile-" + name);
        t.setDaemon(true);
        return t;
    }

    /** A fresh connection per probe, like the kubelet; a probe fails on anything but 200 within 1 s. */
    private static void probe(int port, AtomicBoolean attacking, List<Long> nanos, List<String> failures) {
        int i = 0;
        while (attacking.get()) {
            String path = PROBES[i++ % PROBES.length];
            long start = System.nanoTime();
            try {
                String answer = rawGet(InetAddress.getLoopbackAddress(), port, path, PROBE_TIMEOUT_MILLIS);
                long took = System.nanoTime() - start;
                nanos.add(took);
                if (!answer.startsWith("HTTP/1.1 200") || took > PROBE_TIMEOUT_MILLIS * 1_000_000L) {
                    failures.add(path + " after " + took / 1_000_000 + " ms: " + firstLine(answer));
                }
            } catch (IOException e) {
                failures.add(path + " after " + (System.nanoTime() - start) / 1_000_000 + " ms: " + e);
            }
            sleep(50);
        }
    }

    private static void app(AtomicBoolean attacking, AtomicLong requests, List<String> failures) {
        while (attacking.get()) {
            try {
                String answer = rawGet(InetAddress.getLoopbackAddress(), appPort, "/app", 1_000);
                requests.incrementAndGet();
                if (!answer.startsWith("HTTP/1.1 200")) {
                    failures.add(firstLine(answer));
                }
            } catch (IOException e) {
                failures.add(e.toString());
            }
            sleep(100);
        }
    }

    /** Keep-alive requests as fast as the listener answers them, to the costlier endpoints. */
    private static void flood(int port, AtomicBoolean attacking, AtomicLong count) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String[] paths = {"/metrics", "/health", "/health/dashboard", "/no/such/path"};
        int i = 0;
        while (attacking.get()) {
            try {
                client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + paths[i++ % paths.length]))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                count.incrementAndGet();
            } catch (IOException e) {
                // The flood does not care about its own answers.
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One text frame that declares 100 MB; returns how much of it was sent before the listener cut it off. */
    private static long hugeWebSocketMessage(int port) {
        long sent = 0;
        long declared = 100L * 1024 * 1024;
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(5_000);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /metrics/stream HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String head = readHead(socket.getInputStream());
            if (!head.startsWith("HTTP/1.1 101")) {
                return -2;
            }
            byte[] frameHead = new byte[14];
            frameHead[0] = (byte) 0x81;
            frameHead[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frameHead[2 + i] = (byte) (declared >>> (56 - 8 * i));
            }
            out.write(frameHead);
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'a');
            while (sent < declared) {
                out.write(chunk);
                sent += chunk.length;
            }
        } catch (IOException cutOff) {
            // Expected: the listener closed the connection.
        }
        return sent;
    }

    static String rawGet(InetAddress address, int port, String path, int timeoutMillis) throws IOException {
        return raw(address, port, "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n", null, timeoutMillis);
    }

    private static String raw(InetAddress address, int port, String head, String body) throws IOException {
        return raw(address, port, head, body, 10_000);
    }

    /** One request on a fresh connection; {@code head} ends with its last header line. */
    private static String raw(InetAddress address, int port, String head, String body, int timeoutMillis)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write((head + (body == null ? "" : "Content-Length: " + bytes.length + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        return head.toString();
    }

    private static String firstLine(String answer) {
        int end = answer.indexOf('\r');
        return end < 0 ? answer : answer.substring(0, end);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * 1,000 connections that send a request head a byte a second, spread over 40 loopback source addresses, and
     * 20 that declare a body and send almost none; each is reopened when the listener cuts it.
     */
    private static final class Slowloris {
        private final int port;
        private final SocketChannel[] channels = new SocketChannel[SLOWLORIS + SLOW_BODIES];
        volatile int peakOpen;
        volatile long reopened;

        Slowloris(int port) {
            this.port = port;
        }

        void run(AtomicBoolean attacking) {
            ByteBuffer oneByte = ByteBuffer.allocate(1);
            while (attacking.get()) {
                long start = System.nanoTime();
                int open = 0;
                int reopensThisRound = 0;
                for (int i = 0; i < channels.length && attacking.get(); i++) {
                    SocketChannel c = channels[i];
                    try {
                        if (c != null) {
                            oneByte.clear();
                            oneByte.put((byte) 'a').flip();
                            c.write(oneByte);
                            open++;
                            continue;
                        }
                    } catch (IOException cut) {
                        closeQuietly(c);
                        channels[i] = null;
                        reopened++;
                    }
                    // Reopen at a bounded rate so that the attack does not just burn the test machine's CPU.
                    if (reopensThisRound++ < 150) {
                        channels[i] = openOne(i);
                        if (channels[i] != null) {
                            open++;
                        }
                    }
                }
                peakOpen = Math.max(peakOpen, open);
                long left = 1_000 - (System.nanoTime() - start) / 1_000_000;
                if (left > 0) {
                    sleep(left);
                }
            }
        }

        private SocketChannel openOne(int i) {
            SocketChannel c = null;
            try {
                c = SocketChannel.open();
                boolean slowBody = i >= SLOWLORIS;
                String source = slowBody ? "127.0.0.99" : "127.0.0." + (2 + i % SOURCE_ADDRESSES);
                c.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
                c.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                String head;
                if (!slowBody) {
                    head = "GET /health/ping HTTP/1.1\r\nHost: x\r\nX-Slow: ";
                } else if (i % 2 == 0) {
                    head = "GET /health/ping HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n";
                } else {
                    head = "POST /alerts/rules HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100000\r\n\r\n{";
                }
                c.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
                return c;
            } catch (IOException e) {
                closeQuietly(c);
                return null;
            }
        }

        void close() {
            for (SocketChannel c : channels) {
                closeQuietly(c);
            }
        }

        private static void closeQuietly(SocketChannel c) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // Closing an attack socket has nothing to report.
                }
            }
        }
    }
}
