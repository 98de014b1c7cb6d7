package dev.vitals.exporter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WebSocket routes: handshake refusals as JSON, the token in the query string, echo, and slow clients dropped. */
class WebSocketTest {
    private HttpExporter server;
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static WebSocketEndpoint echo() {
        return request -> new WebSocketListener() {
            @Override
            public void onOpen(WebSocketSession session) {
                session.sendText("hello " + request.query("name"));
            }

            @Override
            public void onText(WebSocketSession session, String text) {
                session.sendText("echo " + text);
            }

            @Override
            public void onClose(WebSocketSession session) {
            }
        };
    }

    @Test
    void echoesAndRefusesWithJsonErrors() throws Exception {
        server = HttpExporter.builder().host("127.0.0.1").port(0).authToken("s3cret").maxBodyBytes(2048)
                .webSocket("/ws", Access.PROTECTED, echo())
                .webSocket("/open", Access.PUBLIC, request -> {
                    throw HttpError.badRequest("no such thing");
                })
                .start();
        Collector c = new Collector();
        WebSocket ws = client.newWebSocketBuilder().buildAsync(uri("/ws?name=a&access_token=s3cret"), c).join();
        assertEquals("hello a", c.next());
        ws.sendText("x", true).join();
        assertEquals("echo x", c.next());

        Collector header = new Collector();
        client.newWebSocketBuilder().header("Authorization", "Bearer s3cret").buildAsync(uri("/ws?name=b"), header).join();
        assertEquals("hello b", header.next());

        assertEquals(401, refusal("/ws?name=c"));
        assertEquals(401, refusal("/ws?token=wrong"));
        assertEquals(400, refusal("/open"));
        assertEquals(426, TestHttp.get(server, "/open").statusCode());

        // A message over maxBodyBytes closes the connection instead of being buffered.
        ws.sendText("y".repeat(10_000), true).join();
        assertTrue(c.closed.await(10, TimeUnit.SECONDS), "closed after an oversized message");
    }

    @Test
    void aClientThatDoesNotReadIsDroppedWithBoundedPendingBytes() throws Exception {
        long limit = 64 * 1024;
        AtomicReference<WebSocketSession> session = new AtomicReference<>();
        AtomicLong maxPending = new AtomicLong();
        CountDownLatch closed = new CountDownLatch(1);
        String chunk = "z".repeat(8 * 1024);
        server = HttpExporter.builder().host("127.0.0.1").port(0).webSocketMaxPendingBytes(limit)
                .webSocket("/flood", Access.PUBLIC, request -> new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocketSession s) {
                        session.set(s);
                        Thread t = new Thread(() -> {
                            // Bounded: at most 20,000 sends (160 MB if nothing were ever dropped).
                            for (int i = 0; i < 20_000 && s.sendText(chunk); i++) {
                                maxPending.accumulateAndGet(s.pendingBytes(), Math::max);
                                try {
                                    Thread.sleep(1);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        });
                        t.setDaemon(true);
                        t.start();
                    }

                    @Override
                    public void onText(WebSocketSession s, String text) {
                    }

                    @Override
                    public void onClose(WebSocketSession s) {
                        closed.countDown();
                    }
                })
                .start();
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
            OutputStream out = socket.getOutputStream();
            out.write(("GET /flood HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = new byte[12];
            assertEquals(12, in.readNBytes(head, 0, 12));
            assertEquals("HTTP/1.1 101", new String(head, StandardCharsets.US_ASCII));
            // ...and never read again.
            assertTrue(closed.await(60, TimeUnit.SECONDS), "the non-reading client was not dropped");
        }
        assertNotNull(session.get());
        assertTrue(session.get().dropped());
        assertTrue(maxPending.get() <= limit, "pending bytes " + maxPending.get() + " exceeded " + limit);
    }

    private int refusal(String path) {
        CompletionException e = assertThrows(CompletionException.class,
                () -> client.newWebSocketBuilder().buildAsync(uri(path), new Collector()).join());
        return assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse().statusCode();
    }

    private URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    @Test
    void aHugeMessageIsRefusedAfterTheLimitNotBuffered() throws Exception {
        AtomicLong received = new AtomicLong();
        server = HttpExporter.builder().host("127.0.0.1").port(0)
                .webSocket("/in", Access.PUBLIC, request -> new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocketSession s) {
                    }

                    @Override
                    public void onText(WebSocketSession s, String text) {
                        received.addAndGet(text.length());
                    }

                    @Override
                    public void onClose(WebSocketSession s) {
                    }
                })
                .start();
        long sent = 0;
        long declared = 100L * 1024 * 1024;
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(5_000);
            socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
            OutputStream out = socket.getOutputStream();
            out.write(("GET /in HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            // One masked text frame that declares 100 MB (64-bit length), zero mask so the payload is plain 'a'.
            byte[] frameHead = new byte[14];
            frameHead[0] = (byte) 0x81;
            frameHead[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frameHead[2 + i] = (byte) (declared >>> (56 - 8 * i));
            }
            out.write(frameHead);
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'a');
            try {
                while (sent < declared) {
                    out.write(chunk);
                    sent += chunk.length;
                }
            } catch (java.io.IOException closedByServer) {
                // Expected: the server gave up on the message long before its end.
            }
        }
        assertTrue(sent < 16L * 1024 * 1024, "the server closed after the 64 KiB limit, not after " + sent + " bytes");
        assertEquals(0, received.get(), "the oversized message never reached the listener");
    }

    private static String readHead(InputStream in) throws java.io.IOException {
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

    static final class Collector implements WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            messages.add(data.toString());
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.countDown();
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.countDown();
        }

        String next() throws InterruptedException {
            String m = messages.poll(10, TimeUnit.SECONDS);
            assertNotNull(m, "no message within 10 s");
            return m;
        }
    }
}
