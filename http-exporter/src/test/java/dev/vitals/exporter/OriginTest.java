package dev.vitals.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pages from foreign origins cannot write or open the stream; JSON writes must say they are JSON. */
class OriginTest {
    private static HttpExporter server;

    @BeforeAll
    static void start() throws IOException {
        server = HttpExporter.builder().host("127.0.0.1").port(0)
                .allowedOrigins(List.of("https://grafana.example.com"))
                .route("POST", "/rules", Access.PROTECTED, r -> Response.text(201, "text/plain", "created"))
                .route("GET", "/rules", Access.PROTECTED, r -> Response.text(200, "text/plain", "list"))
                .webSocket("/stream", Access.PROTECTED, r -> new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocketSession s) {
                    }

                    @Override
                    public void onText(WebSocketSession s, String text) {
                    }

                    @Override
                    public void onClose(WebSocketSession s) {
                    }
                })
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String post(String extraHeaders, String contentType) throws IOException {
        String body = "{}";
        return TestHttp.raw(InetAddress.getLoopbackAddress(), server.port(), "POST /rules HTTP/1.1\r\nHost: 127.0.0.1:"
                + server.port() + "\r\nConnection: close\r\n" + extraHeaders
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);
    }

    /** The status line of a WebSocket handshake. */
    private static String handshake(String origin) throws IOException {
        return handshakeHead("/stream", origin).split("\r\n")[0];
    }

    /** The answer's head to a WebSocket handshake. */
    private static String handshakeHead(String pathAndQuery, String origin) throws IOException {
        try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                    + "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nOrigin: " + origin + "\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            int c;
            while (!head.toString().endsWith("\r\n\r\n") && (c = socket.getInputStream().read()) >= 0) {
                head.append((char) c);
            }
            return head.toString();
        }
    }

    @Test
    void foreignOriginsAreRefusedOnWrites() throws IOException {
        String evil = post("Origin: http://evil.example\r\n", "text/plain");
        assertTrue(evil.startsWith("HTTP/1.1 403"), evil);
        assertTrue(evil.contains("\"forbidden_origin\""), evil);
        assertTrue(post("Origin: http://evil.example\r\n", "application/json").startsWith("HTTP/1.1 403"));
        assertTrue(post("Origin: null\r\n", "application/json").startsWith("HTTP/1.1 403"));
    }

    @Test
    void ownAllowedAndMissingOriginsPass() throws IOException {
        assertTrue(post("Origin: http://127.0.0.1:" + server.port() + "\r\n", "application/json").startsWith("HTTP/1.1 201"));
        assertTrue(post("Origin: https://grafana.example.com\r\n", "application/json; charset=utf-8").startsWith("HTTP/1.1 201"));
        assertTrue(post("", "application/json").startsWith("HTTP/1.1 201"), "curl sends no Origin");
    }

    @Test
    void jsonWritesNeedTheJsonContentType() throws IOException {
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", null}) {
            String answer = post("", type);
            assertTrue(answer.startsWith("HTTP/1.1 415"), type + ": " + answer);
            assertTrue(answer.contains("\"unsupported_media_type\""), answer);
        }
    }

    @Test
    void webSocketHandshakesFromForeignPagesAreRefused() throws IOException {
        assertEquals("HTTP/1.1 403 Forbidden", handshake("http://evil.example"));
        assertEquals("HTTP/1.1 101 Switching Protocols", handshake("http://127.0.0.1:" + server.port()));
    }

    @Test
    void theTokenInTheQueryIsNeverEchoed() throws IOException {
        String head = handshakeHead("/stream?access_token=s3cret-4711", "http://127.0.0.1:" + server.port());
        assertTrue(head.startsWith("HTTP/1.1 101"), head);
        assertTrue(!head.contains("s3cret-4711"), head);
    }

    @Test
    void readsFromAnyOriginStayReadable() throws IOException {
        String answer = TestHttp.raw(InetAddress.getLoopbackAddress(), server.port(), "GET /rules HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\nOrigin: http://evil.example\r\n\r\n");
        // Without CORS headers the browser does not let the foreign page read the answer.
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        assertTrue(!answer.contains("Access-Control-Allow-Origin"), answer);
    }
}
