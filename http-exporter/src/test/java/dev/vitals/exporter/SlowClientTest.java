package dev.vitals.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Slow and hostile clients cost connections, never workers; Undertow's own refusals are JSON. */
class SlowClientTest {
    private static final List<String> LOGGED = new CopyOnWriteArrayList<>();
    private static HttpExporter server;

    @BeforeAll
    static void start() throws IOException {
        server = HttpExporter.builder()
                .host("127.0.0.1")
                .port(0)
                .workerThreads(2)
                .maxBodyBytes(1024)
                .maxConnections(40)
                .maxConnectionsPerClient(30)
                .bodyTimeoutMillis(2_000)
                .threadNamePrefix("vitals-slow-test")
                .log((message, error) -> LOGGED.add(message + " | " + error))
                .probe("/live", r -> Response.text(200, "text/plain", Thread.currentThread().getName()))
                .route("GET", "/work", Access.PUBLIC, r -> Response.text(200, "text/plain", Thread.currentThread().getName()))
                .route("POST", "/echo", Access.PUBLIC, r -> Response.bytes(200, "application/octet-stream", r.body()))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void slowBodiesHoldNoWorker() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            // Twenty clients each promise a body and send none, on GET and on POST: with blocking reads, two of
            // them took both workers for good.
            for (int i = 0; i < 10; i++) {
                slow.add(open("GET /work HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n"));
                slow.add(open("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\nab"));
            }
            HttpResponse<String> work = TestHttp.get(server, "/work");
            assertEquals(200, work.statusCode());
            assertTrue(work.body().startsWith("vitals-slow-test-worker-"), work.body());
            HttpResponse<String> echo = TestHttp.send(TestHttp.request(server, "/echo").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("fine")));
            assertEquals("fine", echo.body());
            HttpResponse<String> live = TestHttp.get(server, "/live");
            assertEquals(200, live.statusCode());
            assertTrue(live.body().startsWith("vitals-slow-test I/O"), "probes run on the IO thread: " + live.body());
            // The GETs were answered without waiting for their bodies; the POSTs get a 408 at the body timeout,
            // and their connections are closed.
            for (int i = 0; i < slow.size(); i += 2) {
                assertTrue(readAll(slow.get(i)).startsWith("HTTP/1.1 200"), "GET with an unsent body is answered");
            }
            for (int i = 1; i < slow.size(); i += 2) {
                String answer = readAll(slow.get(i));
                assertTrue(answer.startsWith("HTTP/1.1 408"), "a body that never arrives is answered 408: " + answer);
                assertTrue(answer.contains("Content-Type: application/json"), answer);
                assertTrue(answer.contains("\"error\":\"request_timeout\""), answer);
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void connectionCapEvictsIdleConnectionsSoProbesGetThrough() throws Exception {
        List<Socket> slowloris = new ArrayList<>();
        try {
            // More half-sent request heads than the listener holds, from one address and from several.
            for (int i = 0; i < 60; i++) {
                Socket s = new Socket();
                s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0." + (2 + i % 4)), 0));
                s.connect(new InetSocketAddress("127.0.0.1", server.port()));
                s.getOutputStream().write("GET /work HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                slowloris.add(s);
            }
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> live = TestHttp.get(server, "/live");
                assertEquals(200, live.statusCode());
            }
            int closed = 0;
            for (Socket s : slowloris) {
                s.setSoTimeout(50);
                try {
                    if (s.getInputStream().read() < 0) {
                        closed++;
                    }
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // Kept: the listener had room for it.
                } catch (IOException reset) {
                    closed++;
                }
            }
            assertTrue(closed >= 20, "at least the oldest 20 slow connections made room, got " + closed);
        } finally {
            for (Socket s : slowloris) {
                s.close();
            }
        }
    }

    @Test
    void undertowRefusalsAreJson() throws Exception {
        String hugeHeader = "GET /work HTTP/1.1\r\nHost: x\r\nCookie: " + "a".repeat(70_000) + "\r\n\r\n";
        String answer = TestHttp.raw(InetAddress.getLoopbackAddress(), server.port(), hugeHeader);
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(answer.contains("Content-Type: application/json"), answer);
        assertTrue(answer.contains("\"error\":\"bad_request\""), answer);

        String hugeBody = TestHttp.raw(InetAddress.getLoopbackAddress(), server.port(),
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1200000\r\n\r\n");
        assertTrue(hugeBody.startsWith("HTTP/1.1 413"), hugeBody);
        assertTrue(hugeBody.contains("\"error\":\"payload_too_large\""), hugeBody);
    }

    @Test
    void logLinesAboutClientsAreRateLimited() {
        long[] now = {0};
        List<String> lines = new ArrayList<>();
        RateLimitedLog log = new RateLimitedLog((m, e) -> lines.add(m), () -> now[0]);
        for (int i = 0; i < 1000; i++) {
            log.warn("bad client", null);
        }
        assertEquals(RateLimitedLog.LINES_PER_MINUTE, lines.size());
        now[0] += 60_000_000_000L;
        log.warn("bad client", null);
        assertEquals(RateLimitedLog.LINES_PER_MINUTE + 1, lines.size());
        assertTrue(lines.get(lines.size() - 1).contains("990 similar lines suppressed"), lines.toString());
    }

    @Test
    void expectContinueIsAnsweredOnceEveryRefusalIsMadeAndAnUnknownBodyLengthIsRefused() throws Exception {
        try (Socket s = open("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                + "Expect: 100-continue\r\nConnection: close\r\n\r\n")) {
            InputStream in = s.getInputStream();
            byte[] interim = new byte[25];
            int n = 0;
            while (n < interim.length) {
                n += in.read(interim, n, interim.length - n);
            }
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n", new String(interim, StandardCharsets.US_ASCII));
            s.getOutputStream().write("{}".getBytes(StandardCharsets.US_ASCII));
            String answer = readAll(s);
            assertTrue(answer.startsWith("HTTP/1.1 200 ") && answer.endsWith("{}"), answer);
        }
        try (Socket s = open("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
                + "Expect: 100-continue\r\n\r\n")) {
            String answer = readAll(s);
            assertTrue(answer.startsWith("HTTP/1.1 415 ") && !answer.contains("100 Continue"), "refused before the body: " + answer);
        }
        try (Socket s = open("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: gzip\r\n\r\n{}")) {
            String answer = readAll(s);
            assertTrue(answer.startsWith("HTTP/1.1 400 ") && answer.contains("\"error\":\"bad_request\"")
                    && answer.contains("Transfer-Encoding must end with chunked"), answer);
        }
    }

    private static Socket open(String head) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    private static String readAll(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
