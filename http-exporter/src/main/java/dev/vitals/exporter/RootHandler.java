package dev.vitals.exporter;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.AttachmentKey;
import io.undertow.util.URLUtils;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.xnio.Options;

/**
 * The one Undertow handler: hops from the IO thread to a worker thread, then routes, checks access, reads
 * the body with a limit, calls the route's {@link Handler} and writes its answer (gzip when asked).
 *
 * <p>Stateless apart from immutable configuration, so one instance serves all worker threads.
 */
final class RootHandler implements HttpHandler {
    private static final String BEARER = "Bearer ";
    private static final HttpString VARY = Headers.VARY;
    /** The WebSocket route's listener, carried from the access/accept step to the handshake callback. */
    private static final AttachmentKey<WebSocketListener> WS_LISTENER = AttachmentKey.create(WebSocketListener.class);
    private static final int MIN_WS_MESSAGE_BYTES = 1024;
    private static final int WS_SEND_BUFFER_BYTES = 64 * 1024;

    private final Routes routes;
    private final byte[] token;
    private final int maxBodyBytes;
    private final long webSocketMaxPendingBytes;
    private final ExporterLog log;
    private final WebSocketProtocolHandshakeHandler handshake;

    RootHandler(Routes routes, String token, int maxBodyBytes, long webSocketMaxPendingBytes, ExporterLog log) {
        this.routes = routes;
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.maxBodyBytes = maxBodyBytes;
        this.webSocketMaxPendingBytes = webSocketMaxPendingBytes;
        this.log = log;
        this.handshake = new WebSocketProtocolHandshakeHandler(this::connected, exchange -> sendError(exchange,
                HttpError.badRequest("WebSocket handshake failed: send Sec-WebSocket-Key and Sec-WebSocket-Version: 13")));
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            // Handlers may block (body reads, JSON rendering, health checks); the single IO thread must not.
            exchange.dispatch(this);
            return;
        }
        try {
            serve(exchange);
        } catch (HttpError e) {
            sendError(exchange, e);
        } catch (Throwable t) {
            // Any other failure is a bug in a handler: log it once here, never send a stack trace.
            try {
                log.warn("unexpected failure answering " + exchange.getRequestMethod() + " " + exchange.getRequestPath(), t);
            } catch (RuntimeException ignored) {
                // A broken log must not stop the client from getting its answer.
            }
            sendError(exchange, new HttpError(500, "internal_error", "unexpected error; see the application log"));
        }
    }

    private void serve(HttpServerExchange exchange) throws Exception {
        String method = exchange.getRequestMethod().toString();
        String path = decodePath(exchange.getRelativePath());
        Routes.Match match = routes.match(path);
        if (match == null) {
            throw HttpError.notFound("no endpoint at " + Request.echo(path));
        }
        Routes.Route route = match.routes.forMethod(method);
        if (route == null) {
            exchange.getResponseHeaders().put(Headers.ALLOW, match.routes.allow);
            throw new HttpError(405, "method_not_allowed",
                    method + " is not allowed on " + match.routes.template + "; allowed: " + match.routes.allow);
        }
        InetAddress peer = peerAddress(exchange);
        if (route.webSocket != null) {
            upgrade(exchange, route, match, method, path, peer);
            return;
        }
        if (route.access == Access.PROTECTED) {
            checkAccess(exchange, peer, null);
        }
        Map<String, List<String>> query = Request.parseQuery(exchange.getQueryString());
        byte[] body = readBody(exchange);
        Request request = new Request(method, path, match.params, query, exchange.getRequestHeaders(), body, peer);
        Response response = route.handler.handle(request);
        if (response == null) {
            throw new IllegalStateException("handler for " + route.method + " " + route.template + " returned null");
        }
        byte[] bytes = response.render();
        send(exchange, response.status(), response.contentType(), response.headers(), bytes);
    }

    /** Percent-decodes the raw path as UTF-8; {@code +} stays {@code +} and {@code %2F} stays encoded. */
    private static String decodePath(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        try {
            return URLUtils.decode(raw, "UTF-8", false, false, new StringBuilder(raw.length()));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("malformed path '" + Request.echo(raw)
                    + "': use percent-encoding such as %20 for special characters");
        }
    }

    // ---- WebSocket routes ----

    private void upgrade(HttpServerExchange exchange, Routes.Route route, Routes.Match match, String method, String path,
            InetAddress peer) throws Exception {
        Map<String, List<String>> query = Request.parseQuery(exchange.getQueryString());
        if (route.access == Access.PROTECTED) {
            String queryToken = first(query, "access_token");
            checkAccess(exchange, peer, queryToken != null ? queryToken : first(query, "token"));
        }
        String upgrade = exchange.getRequestHeaders().getFirst(Headers.UPGRADE);
        if (!"GET".equals(method) || upgrade == null || !upgrade.trim().equalsIgnoreCase("websocket")) {
            exchange.getResponseHeaders().put(Headers.UPGRADE, "websocket");
            throw new HttpError(426, "upgrade_required", route.template
                    + " is a WebSocket endpoint: connect with ws:// (GET with Upgrade: websocket)");
        }
        Request request = new Request(method, path, match.params, query, exchange.getRequestHeaders(), new byte[0], peer);
        WebSocketListener listener = route.webSocket.accept(request);
        if (listener == null) {
            throw new IllegalStateException("WebSocket endpoint " + route.template + " returned no listener");
        }
        exchange.putAttachment(WS_LISTENER, listener);
        handshake.handleRequest(exchange);
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The handshake is done: wire the channel to the route's listener. Runs on the IO thread. */
    private void connected(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        WebSocketListener listener = exchange.getAttachment(WS_LISTENER);
        WebSocketSession session = new WebSocketSession(channel, webSocketMaxPendingBytes);
        try {
            // Linux grows a socket's send buffer to megabytes on its own; a fixed one keeps what a client that
            // stops reading can hold in the kernel small, so the pending-bytes limit is reached in seconds.
            channel.setOption(Options.SEND_BUFFER, WS_SEND_BUFFER_BYTES);
        } catch (IOException | RuntimeException e) {
            // Not every channel allows it; the pending-bytes limit still bounds the heap.
        }
        long maxText = Math.max(MIN_WS_MESSAGE_BYTES, maxBodyBytes);
        channel.addCloseTask(ch -> {
            try {
                listener.onClose(session);
            } catch (Throwable t) {
                warn("WebSocket close listener failed", t);
            }
        });
        channel.getReceiveSetter().set(new AbstractReceiveListener() {
            @Override
            protected long getMaxTextBufferSize() {
                return maxText;
            }

            @Override
            protected long getMaxBinaryBufferSize() {
                return maxText;
            }

            @Override
            protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
                try {
                    listener.onText(session, message.getData());
                } catch (Throwable t) {
                    warn("WebSocket message listener failed", t);
                }
            }

            @Override
            protected void onFullBinaryMessage(WebSocketChannel ch, BufferedBinaryMessage message) {
                message.getData().free();
                // RFC 6455 7.4.1: 1003 means "cannot accept this type of data".
                session.close(1003, "text messages only");
            }
        });
        channel.resumeReceives();
        try {
            listener.onOpen(session);
        } catch (Throwable t) {
            warn("WebSocket open listener failed", t);
            session.drop();
        }
    }

    private void warn(String message, Throwable t) {
        try {
            log.warn(message, t);
        } catch (RuntimeException ignored) {
            // A broken log must not take the connection down.
        }
    }

    // ---- access ----

    /**
     * @param queryToken a token from the query string (WebSocket routes only), used when no Authorization
     *     header is present; {@code null} otherwise
     */
    private void checkAccess(HttpServerExchange exchange, InetAddress peer, String queryToken) {
        if (token == null) {
            if (peer == null || !peer.isLoopbackAddress()) {
                throw new HttpError(403, "forbidden",
                        "this endpoint answers only to loopback clients unless an auth token is configured");
            }
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (authorization == null && queryToken != null) {
            authorization = BEARER + queryToken;
        }
        if (authorization == null) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer realm=\"vitals\"");
            throw new HttpError(401, "unauthorized", "missing Authorization: Bearer <token> header");
        }
        byte[] presented = authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        // MessageDigest.isEqual does not stop at the first differing byte, so timing reveals nothing of the token.
        if (!MessageDigest.isEqual(token, presented)) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer realm=\"vitals\", error=\"invalid_token\"");
            throw new HttpError(401, "unauthorized", "the bearer token is not valid");
        }
    }

    private byte[] readBody(HttpServerExchange exchange) throws IOException {
        long declared = exchange.getRequestContentLength();
        if (declared > maxBodyBytes) {
            throw tooLarge();
        }
        if (declared == 0 || exchange.isRequestComplete()) {
            return new byte[0];
        }
        if (!exchange.isBlocking()) {
            exchange.startBlocking();
        }
        InputStream in = exchange.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        // Chunked bodies have no declared length: read at most one byte more than allowed, never the rest.
        while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, maxBodyBytes + 1L - total))) > 0) {
            total += n;
            if (total > maxBodyBytes) {
                throw tooLarge();
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private HttpError tooLarge() {
        return HttpError.payloadTooLarge("request body exceeds the limit of " + maxBodyBytes + " bytes");
    }

    private void sendError(HttpServerExchange exchange, HttpError error) {
        if (exchange.isResponseStarted()) {
            // Too late for a clean answer; closing tells the client the response is incomplete.
            exchange.setPersistent(false);
            exchange.endExchange();
            return;
        }
        send(exchange, error.status(), Response.JSON, List.of(), Json.error(error.error(), error.detail()));
    }

    private void send(HttpServerExchange exchange, int status, String contentType, List<String[]> extra, byte[] body) {
        exchange.setStatusCode(status);
        HeaderMap headers = exchange.getResponseHeaders();
        for (String[] header : extra) {
            HttpString name = HttpString.tryFromString(header[0]);
            if (!name.equals(Headers.CONTENT_TYPE) && !name.equals(Headers.CONTENT_LENGTH)
                    && !name.equals(Headers.CONTENT_ENCODING)) {
                headers.add(name, header[1]);
            }
        }
        headers.put(Headers.CONTENT_TYPE, contentType);
        headers.add(VARY, "Accept-Encoding");
        if (body.length > 0 && acceptsGzip(exchange.getRequestHeaders().get(Headers.ACCEPT_ENCODING))) {
            body = gzip(body);
            headers.put(Headers.CONTENT_ENCODING, "gzip");
        }
        headers.put(Headers.CONTENT_LENGTH, body.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    private static InetAddress peerAddress(HttpServerExchange exchange) {
        // The TCP peer, never a forwarded-for header: access decisions must not trust the client's word.
        InetSocketAddress peer = exchange.getConnection().getPeerAddress(InetSocketAddress.class);
        return peer == null ? null : peer.getAddress();
    }

    /** True when an Accept-Encoding header lists gzip (or {@code *}) with a non-zero q-value. */
    static boolean acceptsGzip(Iterable<String> acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        boolean wildcard = false;
        for (String header : acceptEncoding) {
            for (String item : header.split(",")) {
                String[] parts = item.split(";");
                String coding = parts[0].trim();
                boolean acceptable = qValue(parts) > 0;
                if (coding.equalsIgnoreCase("gzip") || coding.equalsIgnoreCase("x-gzip")) {
                    return acceptable;
                }
                if (coding.equals("*")) {
                    wildcard = acceptable;
                }
            }
        }
        return wildcard;
    }

    private static double qValue(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            if (param.length() > 2 && (param.charAt(0) == 'q' || param.charAt(0) == 'Q') && param.charAt(1) == '=') {
                try {
                    return Double.parseDouble(param.substring(2).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 4));
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
            gz.write(body);
        } catch (IOException e) {
            throw new IllegalStateException("gzip to memory failed", e);
        }
        return out.toByteArray();
    }
}
