package dev.vitals.exporter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpExporterTest {
    private static final List<String> LOGGED = new CopyOnWriteArrayList<>();
    private static HttpExporter server;

    @BeforeAll
    static void start() throws IOException {
        server = HttpExporter.builder()
                .host("127.0.0.1")
                .port(0)
                .maxBodyBytes(1024)
                .threadNamePrefix("vitals-test-http")
                .log((message, error) -> LOGGED.add(message + " | " + error))
                .route("GET", "/hello", Access.PUBLIC, r -> Response.json(g -> {
                    g.writeStartObject();
                    g.writeStringField("hello", "world");
                    g.writeNumberField("n", 42);
                    g.writeNumberField("pi", 1.5);
                    g.writeEndObject();
                }))
                .route("GET", "/items/{id}", Access.PUBLIC, r -> Response.json(g -> {
                    g.writeStartObject();
                    g.writeStringField("id", r.pathParam("id"));
                    g.writeEndObject();
                }))
                .route("GET", "/alerts/active", Access.PUBLIC, r -> Response.text(200, "text/plain", "active"))
                .route("GET", "/alerts/rules/{id}", Access.PUBLIC, r -> Response.text(200, "text/plain", "rule " + r.pathParam("id")))
                .route("DELETE", "/alerts/rules/{id}", Access.PUBLIC, r -> Response.text(200, "text/plain", "deleted " + r.pathParam("id")))
                .route("POST", "/alerts/{id}/acknowledge", Access.PUBLIC, r -> Response.text(200, "text/plain", "ack " + r.pathParam("id")))
                .route("POST", "/echo", Access.PUBLIC, r -> Response.bytes(200, "application/octet-stream", r.body())
                        .header("X-Body-Length", Integer.toString(r.body().length)))
                .route("GET", "/query", Access.PUBLIC, r -> Response.json(g -> {
                    g.writeStartObject();
                    g.writeNumberField("limit", r.queryInt("limit", 10, 1, 100));
                    g.writeNumberField("window", r.queryLong("window", 300_000L, 1L, 86_400_000L));
                    g.writeStringField("period", r.queryEnum("period", "daily", "hourly", "daily", "weekly"));
                    g.writeStringField("q", r.query("q"));
                    g.writeEndObject();
                }))
                .route("GET", "/headers", Access.PUBLIC, r -> Response.text(200, "text/plain", r.header("x-custom-header")))
                .route("GET", "/boom", Access.PUBLIC, r -> {
                    throw new IllegalStateException("secret internal detail");
                })
                .route("GET", "/teapot", Access.PUBLIC, r -> {
                    throw new HttpError(418, "teapot", "short and stout");
                })
                .route("GET", "/thread", Access.PUBLIC, r -> Response.text(200, "text/plain", Thread.currentThread().getName()))
                .route("GET", "/health", Access.PUBLIC, r -> Response.json(503, "application/health+json", g -> {
                    g.writeStartObject();
                    g.writeStringField("status", "fail");
                    g.writeEndObject();
                }).header("Cache-Control", "no-store"))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void clearLog() {
        LOGGED.clear();
    }

    @Test
    void jsonNumbersAreNumbersAndContentTypeIsSet() throws Exception {
        HttpResponse<String> response = TestHttp.get(server, "/hello");
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        assertEquals("{\"hello\":\"world\",\"n\":42,\"pi\":1.5}", response.body());
    }

    @Test
    void pathParametersAreDecodedAndLiteralSegmentsWin() throws Exception {
        assertEquals("{\"id\":\"abc\"}", TestHttp.get(server, "/items/abc").body());
        assertEquals("{\"id\":\"a b\"}", TestHttp.get(server, "/items/a%20b").body());
        assertEquals("active", TestHttp.get(server, "/alerts/active").body());
        assertEquals("rule 7", TestHttp.get(server, "/alerts/rules/7").body());
        assertEquals("ack 9", TestHttp.send(TestHttp.request(server, "/alerts/9/acknowledge")
                .POST(HttpRequest.BodyPublishers.noBody())).body());
        assertEquals("deleted 7", TestHttp.send(TestHttp.request(server, "/alerts/rules/7").DELETE()).body());
    }

    @Test
    void unknownPathsAndEmptyParametersAre404Json() throws Exception {
        for (String path : List.of("/nope", "/items/", "/items/a/b", "/hello/extra", "/alerts/rules")) {
            HttpResponse<String> response = TestHttp.get(server, path);
            assertEquals(404, response.statusCode(), path);
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null), path);
            assertTrue(response.body().startsWith("{\"error\":\"not_found\",\"detail\":\"no endpoint at "), response.body());
        }
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> response = TestHttp.send(TestHttp.request(server, "/hello").DELETE());
        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(null));
        assertEquals("{\"error\":\"method_not_allowed\",\"detail\":\"DELETE is not allowed on /hello; allowed: GET, HEAD\"}",
                response.body());

        HttpResponse<String> rules = TestHttp.send(TestHttp.request(server, "/alerts/rules/3")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(405, rules.statusCode());
        assertEquals("DELETE, GET, HEAD", rules.headers().firstValue("Allow").orElse(null));
    }

    @Test
    void headIsServedByGetRoutesWithoutBody() throws Exception {
        HttpResponse<String> get = TestHttp.get(server, "/hello");
        HttpResponse<String> head = TestHttp.send(TestHttp.request(server, "/hello")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals("application/json", head.headers().firstValue("Content-Type").orElse(null));
        assertEquals(String.valueOf(get.body().length()), head.headers().firstValue("Content-Length").orElse(null));
    }

    @Test
    void bodyWithinLimitReachesHandler() throws Exception {
        byte[] body = new byte[1024];
        Arrays.fill(body, (byte) 'x');
        HttpResponse<byte[]> response = TestHttp.sendBytes(TestHttp.request(server, "/echo").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertEquals(200, response.statusCode());
        assertArrayEquals(body, response.body());
    }

    @Test
    void declaredBodyOverLimitIs413AndConnectionStaysUsable() throws Exception {
        HttpResponse<String> response = TestHttp.send(TestHttp.request(server, "/echo").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1025])));
        assertEquals(413, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        assertEquals("{\"error\":\"payload_too_large\",\"detail\":\"request body exceeds the limit of 1024 bytes\"}",
                response.body());
        assertEquals(200, TestHttp.get(server, "/hello").statusCode());
    }

    @Test
    void chunkedBodyOverLimitIs413() throws Exception {
        // An input-stream publisher has no length, so the client sends chunked encoding and the limit applies
        // while reading rather than from Content-Length.
        byte[] big = new byte[5000];
        HttpResponse<String> response = TestHttp.send(TestHttp.request(server, "/echo").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
        assertEquals(413, response.statusCode());
        assertTrue(response.body().contains("\"payload_too_large\""), response.body());

        byte[] small = "small".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> ok = TestHttp.send(TestHttp.request(server, "/echo").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(small))));
        assertEquals(200, ok.statusCode());
        assertEquals("small", ok.body());
    }

    @Test
    void queryHelpersGiveDefaultsAndValues() throws Exception {
        assertEquals("{\"limit\":10,\"window\":300000,\"period\":\"daily\",\"q\":null}", TestHttp.get(server, "/query").body());
        assertEquals("{\"limit\":5,\"window\":60000,\"period\":\"weekly\",\"q\":\"a b&c\"}",
                TestHttp.get(server, "/query?limit=5&window=60000&period=WEEKLY&q=a+b%26c&q=second").body());
    }

    @Test
    void badQueryValuesAre400NamingParameterValueAndForm() throws Exception {
        assertBadRequest("/query?limit=abc", "query parameter 'limit' must be an integer from 1 to 100, got 'abc'");
        assertBadRequest("/query?limit=1000", "query parameter 'limit' must be an integer from 1 to 100, got '1000'");
        assertBadRequest("/query?window=-5", "query parameter 'window' must be an integer from 1 to 86400000, got '-5'");
        assertBadRequest("/query?period=yearly", "query parameter 'period' must be one of hourly|daily|weekly, got 'yearly'");
    }

    private static void assertBadRequest(String path, String detail) throws Exception {
        HttpResponse<String> response = TestHttp.get(server, path);
        assertEquals(400, response.statusCode(), path);
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        assertEquals("{\"error\":\"bad_request\",\"detail\":\"" + detail + "\"}", response.body());
    }

    @Test
    void malformedQueryStringIs400Json() throws Exception {
        // java.net.http refuses to send an invalid percent-escape, so this one goes over a raw socket.
        String answer = TestHttp.raw(InetAddress.getLoopbackAddress(), server.port(),
                "GET /query?limit=%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.contains("Content-Type: application/json"), answer);
        assertTrue(answer.contains("{\"error\":\"bad_request\",\"detail\":\"malformed query string near 'limit=%zz'"), answer);
    }

    @Test
    void malformedPathIs400JsonAndEncodedSlashStaysInOneSegment() throws Exception {
        String answer = TestHttp.raw(InetAddress.getLoopbackAddress(), server.port(),
                "GET /items/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.contains("{\"error\":\"bad_request\",\"detail\":\"malformed path '/items/%zz'"), answer);
        assertEquals("{\"id\":\"a%2Fb\"}", TestHttp.get(server, "/items/a%2Fb").body());
        assertEquals("{\"id\":\"a+b\"}", TestHttp.get(server, "/items/a+b").body());
    }

    @Test
    void headersAreCaseInsensitive() throws Exception {
        assertEquals("v1", TestHttp.send(TestHttp.request(server, "/headers").header("X-Custom-Header", "v1")).body());
    }

    @Test
    void unexpectedExceptionIs500WithoutDetailsAndLoggedOnce() throws Exception {
        HttpResponse<String> response = TestHttp.get(server, "/boom");
        assertEquals(500, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        assertTrue(response.body().startsWith("{\"error\":\"internal_error\""), response.body());
        assertFalse(response.body().contains("secret"), response.body());
        assertFalse(response.body().contains("IllegalStateException"), response.body());
        assertEquals(1, LOGGED.size(), LOGGED.toString());
        assertTrue(LOGGED.get(0).contains("GET /boom"), LOGGED.toString());
        assertTrue(LOGGED.get(0).contains("IllegalStateException: secret internal detail"), LOGGED.toString());
    }

    @Test
    void httpErrorFromHandlerKeepsItsStatus() throws Exception {
        HttpResponse<String> response = TestHttp.get(server, "/teapot");
        assertEquals(418, response.statusCode());
        assertEquals("{\"error\":\"teapot\",\"detail\":\"short and stout\"}", response.body());
        assertTrue(LOGGED.isEmpty(), LOGGED.toString());
    }

    @Test
    void customStatusContentTypeAndHeaders() throws Exception {
        HttpResponse<String> response = TestHttp.get(server, "/health");
        assertEquals(503, response.statusCode());
        assertEquals("application/health+json", response.headers().firstValue("Content-Type").orElse(null));
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        assertEquals("{\"status\":\"fail\"}", response.body());
    }

    @Test
    void handlersRunOnWorkerThreads() throws Exception {
        String thread = TestHttp.get(server, "/thread").body();
        assertTrue(thread.startsWith("vitals-test-http-worker-"), thread);
    }

    @Test
    void gzipWhenAskedWithVary() throws Exception {
        HttpResponse<byte[]> plain = TestHttp.sendBytes(TestHttp.request(server, "/hello"));
        HttpResponse<byte[]> zipped = TestHttp.sendBytes(TestHttp.request(server, "/hello")
                .header("Accept-Encoding", "br;q=1.0, gzip;q=0.8"));
        assertEquals(200, zipped.statusCode());
        assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(null));
        assertEquals("Accept-Encoding", zipped.headers().firstValue("Vary").orElse(null));
        assertEquals("application/json", zipped.headers().firstValue("Content-Type").orElse(null));
        assertArrayEquals(plain.body(), gunzip(zipped.body()));
        assertFalse(plain.headers().firstValue("Content-Encoding").isPresent());
        assertEquals("Accept-Encoding", plain.headers().firstValue("Vary").orElse(null));

        HttpResponse<byte[]> refused = TestHttp.sendBytes(TestHttp.request(server, "/hello")
                .header("Accept-Encoding", "gzip;q=0, identity"));
        assertFalse(refused.headers().firstValue("Content-Encoding").isPresent());
        assertArrayEquals(plain.body(), refused.body());

        HttpResponse<byte[]> error = TestHttp.sendBytes(TestHttp.request(server, "/nope").header("Accept-Encoding", "gzip"));
        assertEquals(404, error.statusCode());
        assertTrue(new String(gunzip(error.body()), StandardCharsets.UTF_8).startsWith("{\"error\":\"not_found\""));
    }

    @Test
    void acceptEncodingParsing() {
        assertTrue(RootHandler.acceptsGzip(List.of("gzip")));
        assertTrue(RootHandler.acceptsGzip(List.of("deflate, GZIP;q=0.5")));
        assertTrue(RootHandler.acceptsGzip(List.of("*")));
        assertFalse(RootHandler.acceptsGzip(List.of("gzip;q=0")));
        assertFalse(RootHandler.acceptsGzip(List.of("*, gzip;q=0")));
        assertFalse(RootHandler.acceptsGzip(List.of("identity")));
        assertFalse(RootHandler.acceptsGzip(null));
    }

    private static byte[] gunzip(byte[] data) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
