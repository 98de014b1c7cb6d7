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
import io.undertow.io.IoCallback;
import io.undertow.io.Receiver;
import io.undertow.io.Sender;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.ServerConnection;
import io.undertow.server.Connectors;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.conduits.ReadDataStreamSourceConduit;
import io.undertow.connector.PooledByteBuffer;
import org.xnio.channels.StreamSourceChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.xnio.IoUtils;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;

/**
 * The one Undertow handler: routes and checks access on the IO thread, answers probes there, reads bodies
 * without blocking, then calls the route's {@link Handler} on a worker thread and writes its answer (gzip when
 * asked). No worker ever waits for a client.
 *
 * <p>Stateless apart from immutable configuration, so one instance serves all worker threads.
 */
final class RootHandler implements HttpHandler {
    private static final String BEARER = "Bearer ";
    private static final HttpString VARY = Headers.VARY;
    /** The WebSocket route's listener, carried from the access/accept step to the handshake callback. */
    private static final AttachmentKey<WebSocketListener> WS_LISTENER = AttachmentKey.create(WebSocketListener.class);
    /** The TCP connection under a WebSocket, closed at once when a client breaks the rules. */
    private static final AttachmentKey<StreamConnection> WS_CONNECTION = AttachmentKey.create(StreamConnection.class);
    private static final int MIN_WS_MESSAGE_BYTES = 1024;
    private static final int WS_SEND_BUFFER_BYTES = 64 * 1024;

    private static final byte[] NO_BODY = new byte[0];
    /** A declared body up to this much over the limit is drained after the 413 to keep the connection. */
    private static final long DRAIN_ALLOWANCE_BYTES = 1024 * 1024;

    private final Routes routes;
    private final byte[] token;
    private final Limits limits;
    private final ConnectionGate gate;
    private final OriginCheck origins;
    /** Every route but the probes needs the token. */
    private final boolean protectAll;
    private final int maxBodyBytes;
    private final long webSocketMaxPendingBytes;
    private final ExporterLog log;
    private final WebSocketProtocolHandshakeHandler handshake;

    RootHandler(Routes routes, String token, boolean protectAll, Limits limits, ConnectionGate gate, OriginCheck origins, ExporterLog log) {
        this.routes = routes;
        this.origins = origins;
        this.protectAll = protectAll;
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.limits = limits;
        this.maxBodyBytes = limits.maxBodyBytes;
        this.webSocketMaxPendingBytes = limits.webSocketMaxPendingBytes;
        this.gate = gate;
        this.log = log;
        this.handshake = new WebSocketProtocolHandshakeHandler(this::connected, exchange -> sendError(exchange,
                HttpError.badRequest("WebSocket handshake failed: send Sec-WebSocket-Key and Sec-WebSocket-Version: 13")));
    }

    /**
     * Runs on the IO thread. Probes are answered right here; everything else goes to a worker thread, and only
     * once its body has arrived, so a slow client costs a connection but never a worker.
     */
    @Override
    public void handleRequest(HttpServerExchange exchange) {
        try {
            trackBusy(exchange);
            start(exchange);
        } catch (HttpError e) {
            sendError(exchange, e);
        } catch (Throwable t) {
            internalError(exchange, t);
        }
    }

    private void trackBusy(HttpServerExchange exchange) {
        StreamConnection channel = channelOf(exchange);
        if (channel == null) {
            return;
        }
        if (gate.refusedLater(channel)) {
            // A connection refused at accept time, answered now that its request is here (ConnectionGate.refuseLater).
            exchange.setPersistent(false);
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, 1);
            throw new HttpError(503, ConnectionGate.REFUSED_ERROR, ConnectionGate.REFUSED_DETAIL);
        }
        gate.busy(channel);
        exchange.addExchangeCompleteListener((ex, next) -> {
            gate.idle(channel);
            next.proceed();
        });
    }

    private static StreamConnection channelOf(HttpServerExchange exchange) {
        ServerConnection connection = exchange.getConnection();
        return connection instanceof AbstractServerConnection ? ((AbstractServerConnection) connection).getChannel() : null;
    }

    private void start(HttpServerExchange exchange) throws Exception {
        String method = exchange.getRequestMethod().toString();
        String path = decodePath(exchange.getRelativePath());
        Routes.Match match = routes.match(path);
        if (match == null) {
            checkRate(exchange);
            throw HttpError.notFound("no endpoint at " + Request.echo(path));
        }
        Routes.Route route = match.routes.forMethod(method);
        if (route == null || !route.probe) {
            checkRate(exchange);
        }
        if (route == null) {
            exchange.getResponseHeaders().put(Headers.ALLOW, match.routes.allow);
            throw new HttpError(405, "method_not_allowed",
                    method + " is not allowed on " + match.routes.template + "; allowed: " + match.routes.allow);
        }
        InetAddress peer = peerAddress(exchange);
        boolean hasBody = !exchange.isRequestComplete();
        boolean bodyless = "GET".equals(method) || "HEAD".equals(method) || route.webSocket != null;
        if (hasBody && bodyless) {
            // Never read a body nobody wants: answer, then close instead of waiting for (or draining) it.
            exchange.setPersistent(false);
        }
        if (route.webSocket != null || OriginCheck.changesState(method)) {
            origins.check(exchange);
        }
        if (route.webSocket != null) {
            exchange.dispatch(() -> onWorker(exchange, () -> upgrade(exchange, route, match, method, path, peer)));
            return;
        }
        Map<String, List<String>> query = Request.parseQuery(exchange.getQueryString());
        boolean authorized = authorize(exchange, peer, null, !route.probe && required(route));
        if (route.probe) {
            // Probes read cached state and render a few hundred bytes: answered on the IO thread, they need no
            // worker, so a request flood queued for the workers cannot delay them.
            respond(exchange, route, new Request(method, path, match.params, query, exchange.getRequestHeaders(),
                    NO_BODY, peer, authorized));
            return;
        }
        if (hasBody && !bodyless) {
            checkFraming(exchange);
            checkDeclaredSize(exchange);
            OriginCheck.requireJson(exchange);
        }
        if (!hasBody || bodyless) {
            Request request = new Request(method, path, match.params, query, exchange.getRequestHeaders(), NO_BODY, peer,
                    authorized);
            exchange.dispatch(() -> onWorker(exchange, () -> respond(exchange, route, request)));
            return;
        }
        Consumer<byte[]> then = body -> {
            Request request = new Request(method, path, match.params, query, exchange.getRequestHeaders(), body, peer,
                    authorized);
            exchange.dispatch(() -> onWorker(exchange, () -> respond(exchange, route, request)));
        };
        if (HttpContinue.requiresContinueResponse(exchange)) {
            // Every refusal has been made above, so the client may send its body now (Undertow's receiver does
            // not answer Expect: 100-continue itself, and a client would otherwise wait for its own timeout).
            HttpContinue.sendContinueResponse(exchange, new IoCallback() {
                @Override
                public void onComplete(HttpServerExchange ex, Sender sender) {
                    readBody(ex, then);
                }

                @Override
                public void onException(HttpServerExchange ex, Sender sender, IOException e) {
                    IoUtils.safeClose(ex.getConnection());
                }
            });
            return;
        }
        readBody(exchange, then);
    }

    /** The part of a request that runs on a worker thread, with the same error handling as the IO thread part. */
    private void onWorker(HttpServerExchange exchange, Task task) {
        try {
            task.run();
        } catch (HttpError e) {
            sendError(exchange, e);
        } catch (Throwable t) {
            internalError(exchange, t);
        }
    }

    @FunctionalInterface
    private interface Task {
        void run() throws Exception;
    }

    private void internalError(HttpServerExchange exchange, Throwable t) {
        // Any other failure is a bug in a handler: log it once here, never send a stack trace.
        try {
            log.warn("unexpected failure answering " + exchange.getRequestMethod() + " " + exchange.getRequestPath(), t);
        } catch (RuntimeException ignored) {
            // A broken log must not stop the client from getting its answer.
        }
        sendError(exchange, new HttpError(500, "internal_error", "unexpected error; see the application log"));
    }

    private void respond(HttpServerExchange exchange, Routes.Route route, Request request) throws Exception {
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
        String queryToken = first(query, "access_token");
        boolean authorized = authorize(exchange, peer, queryToken != null ? queryToken : first(query, "token"),
                required(route));
        String upgrade = exchange.getRequestHeaders().getFirst(Headers.UPGRADE);
        if (!"GET".equals(method) || upgrade == null || !upgrade.trim().equalsIgnoreCase("websocket")) {
            exchange.getResponseHeaders().put(Headers.UPGRADE, "websocket");
            throw new HttpError(426, "upgrade_required", route.template
                    + " is a WebSocket endpoint: connect with ws:// (GET with Upgrade: websocket)");
        }
        Request request = new Request(method, path, match.params, query, exchange.getRequestHeaders(), NO_BODY, peer,
                authorized);
        WebSocketListener listener = route.webSocket.accept(request);
        if (listener == null) {
            throw new IllegalStateException("WebSocket endpoint " + route.template + " returned no listener");
        }
        exchange.putAttachment(WS_LISTENER, listener);
        StreamConnection channel = channelOf(exchange);
        if (channel != null) {
            // A WebSocket is a session, not an idle connection: never evict it to make room.
            gate.busy(channel);
            exchange.putAttachment(WS_CONNECTION, channel);
        }
        // Undertow's handshake answers with Sec-WebSocket-Location, the request URI with its query string, which
        // may hold access_token; the query was parsed above and is not needed again.
        exchange.setQueryString("");
        handshake.handleRequest(exchange);
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The handshake is done: wire the channel to the route's listener. Runs on the IO thread. */
    private void connected(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        WebSocketListener listener = exchange.getAttachment(WS_LISTENER);
        StreamConnection connection = exchange.getAttachment(WS_CONNECTION);
        WebSocketSession session = new WebSocketSession(channel, webSocketMaxPendingBytes);
        try {
            // Linux grows a socket's send buffer to megabytes on its own; a fixed one keeps what a client that
            // stops reading can hold in the kernel small, so the pending-bytes limit is reached in seconds.
            channel.setOption(Options.SEND_BUFFER, WS_SEND_BUFFER_BYTES);
        } catch (IOException | RuntimeException e) {
            // Not every channel allows it; the pending-bytes limit still bounds the heap.
        }
        long maxText = Math.max(MIN_WS_MESSAGE_BYTES, maxBodyBytes);
        InboundLimitConduit inbound = null;
        if (connection != null) {
            // Room for one message at the limit plus frame headers and a few small control frames.
            inbound = new InboundLimitConduit(connection, connection.getSourceChannel().getConduit(), 2 * maxText);
            connection.getSourceChannel().setConduit(inbound);
        }
        InboundLimitConduit limit = inbound;
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
                delivered(limit);
                try {
                    listener.onText(session, message.getData());
                } catch (Throwable t) {
                    warn("WebSocket message listener failed", t);
                }
            }

            @Override
            protected void onError(WebSocketChannel ch, Throwable error) {
                // Undertow's answer to a message over the limit is a 1009 close frame, after which it goes on
                // reading (and discarding) the rest of the message; a 100 MB message would still be read
                // to its end. Closing the TCP connection stops the client at once.
                IoUtils.safeClose(ch);
                IoUtils.safeClose(connection);
            }

            @Override
            protected void onFullPingMessage(WebSocketChannel ch, BufferedBinaryMessage message) throws IOException {
                delivered(limit);
                super.onFullPingMessage(ch, message);
            }

            @Override
            protected void onFullPongMessage(WebSocketChannel ch, BufferedBinaryMessage message) throws IOException {
                delivered(limit);
                super.onFullPongMessage(ch, message);
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

    private static void delivered(InboundLimitConduit limit) {
        if (limit != null) {
            limit.delivered();
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

    /** Refuses a client over its rate limit with 429; probes never come here. */
    private void checkRate(HttpServerExchange exchange) {
        RateLimiter limiter = limits.rateLimiter;
        InetAddress peer = peerAddress(exchange);
        if (limiter == null || peer == null || (peer.isLoopbackAddress() && !limits.rateLimitLoopback)) {
            return;
        }
        long waitNanos = limiter.acquire(peer);
        if (waitNanos == 0) {
            return;
        }
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        badClient("client " + peer.getHostAddress() + " is over the rate limit; answered 429");
        exchange.getResponseHeaders().put(Headers.RETRY_AFTER, seconds);
        throw new HttpError(429, "too_many_requests",
                "this client sent more requests than the listener's rate limit allows; retry in " + seconds + " s");
    }

    /** Whether the route refuses a client without the token (a probe never does). */
    private boolean required(Routes.Route route) {
        return route.access == Access.PROTECTED || (route.access == Access.PUBLIC && protectAll);
    }

    /**
     * Whether the client may read protected content: the valid bearer token, or, with no token configured, a
     * loopback client. When {@code required}, a client that may not is refused (401 or 403) instead.
     *
     * @param queryToken a token from the query string (WebSocket routes only), used when no Authorization
     *     header is present; {@code null} otherwise
     */
    private boolean authorize(HttpServerExchange exchange, InetAddress peer, String queryToken, boolean required) {
        if (token == null) {
            boolean loopback = peer != null && peer.isLoopbackAddress();
            if (!loopback && required) {
                throw new HttpError(403, "forbidden",
                        "this endpoint answers only to loopback clients unless an auth token is configured");
            }
            return loopback;
        }
        String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (authorization == null && queryToken != null) {
            authorization = BEARER + queryToken;
        }
        if (authorization == null) {
            if (!required) {
                return false;
            }
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer realm=\"vitals\"");
            throw new HttpError(401, "unauthorized", "missing Authorization: Bearer <token> header");
        }
        byte[] presented = authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        // MessageDigest.isEqual does not stop at the first differing byte and its time depends only on the length
        // of the first argument (the configured token), so timing reveals nothing of the token.
        if (MessageDigest.isEqual(token, presented)) {
            return true;
        }
        if (!required) {
            return false;
        }
        // The detail never repeats what the client sent: a mistyped token is still close to the real one.
        exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer realm=\"vitals\", error=\"invalid_token\"");
        throw new HttpError(401, "unauthorized", "the bearer token is not valid");
    }

    /**
     * Reads the body on the IO thread without blocking, then hands it on. A body larger than the limit is
     * refused with 413.
     */
    private void checkDeclaredSize(HttpServerExchange exchange) {
        long declared = exchange.getRequestContentLength();
        if (declared > maxBodyBytes) {
            if (declared > maxBodyBytes + DRAIN_ALLOWANCE_BYTES) {
                // Reading a huge upload only to discard it is the client's game; closing ends it.
                exchange.setPersistent(false);
            }
            throw HttpError.bodyTooLarge(maxBodyBytes);
        }
    }

    /**
     * A Transfer-Encoding whose last coding is not chunked leaves the body's length unknown (RFC 9112 6.3): 400
     * and close, instead of reading until the client gives up.
     */
    private static void checkFraming(HttpServerExchange exchange) {
        String encoding = exchange.getRequestHeaders().getLast(Headers.TRANSFER_ENCODING);
        if (encoding == null) {
            return;
        }
        String[] codings = encoding.split(",");
        if (!codings[codings.length - 1].trim().equalsIgnoreCase("chunked")) {
            exchange.setPersistent(false);
            throw HttpError.badRequest("Transfer-Encoding must end with chunked, got '" + Request.echo(encoding) + "'");
        }
    }

    private void readBody(HttpServerExchange exchange, Consumer<byte[]> then) {
        AtomicBoolean settled = new AtomicBoolean();
        XnioExecutor.Key timeout = exchange.getIoThread().executeAfter(() -> {
            if (settled.compareAndSet(false, true)) {
                badClient("a request body did not arrive within " + limits.bodyTimeoutMillis + " ms; answered 408 and closed");
                // 408 and close (RFC 9110 15.5.9): the client learns why, and the rest of its body is never read.
                exchange.setPersistent(false);
                try {
                    sendError(exchange, new HttpError(408, "request_timeout",
                            "the request body did not arrive within " + limits.bodyTimeoutMillis + " ms"));
                } catch (RuntimeException unanswerable) {
                    IoUtils.safeClose(exchange.getConnection());
                }
            }
        }, limits.bodyTimeoutMillis, TimeUnit.MILLISECONDS);
        // Runs the outcome once, unless the body timeout came first.
        Consumer<Runnable> settle = outcome -> {
            if (settled.compareAndSet(false, true)) {
                timeout.remove();
                outcome.run();
            }
        };
        if (exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING)
                && exchange.getConnection() instanceof HttpServerConnection) {
            readChunked(exchange, (HttpServerConnection) exchange.getConnection(), settle, then);
            return;
        }
        Receiver receiver = exchange.getRequestReceiver();
        receiver.setMaxBufferSize(maxBodyBytes);
        receiver.receiveFullBytes((ex, body) -> settle.accept(() -> then.accept(body)), (ex, e) -> settle.accept(() -> {
            if (e instanceof Receiver.RequestToLargeException) {
                ex.setPersistent(false);
                sendError(ex, HttpError.bodyTooLarge(maxBodyBytes));
            } else {
                // The client went away mid-body: nobody is left to answer.
                IoUtils.safeClose(ex.getConnection());
            }
        }));
    }

    /**
     * Reads a chunked body with {@link ChunkedBody} in place of Undertow's decoder, which takes malformed size lines
     * for the end of the body and closes the connection without an answer on the errors it does see. Undertow's
     * decoder is replaced by the raw connection (bytes Undertow read ahead come first); bytes after the body go
     * back to the connection for the next request, as Undertow's own decoder does.
     */
    private void readChunked(HttpServerExchange exchange, HttpServerConnection connection, Consumer<Runnable> settle,
            Consumer<byte[]> then) {
        connection.getChannel().getSourceChannel().setConduit(
                new ReadDataStreamSourceConduit(connection.getOriginalSourceConduit(), connection));
        StreamSourceChannel channel = exchange.getRequestChannel();
        ChunkedBody decoder = new ChunkedBody(maxBodyBytes);
        channel.getReadSetter().set(ch -> pumpChunked(exchange, connection, ch, decoder, settle, then));
        pumpChunked(exchange, connection, channel, decoder, settle, then);
    }

    private void pumpChunked(HttpServerExchange exchange, HttpServerConnection connection, StreamSourceChannel channel,
            ChunkedBody decoder, Consumer<Runnable> settle, Consumer<byte[]> then) {
        if (decoder.done()) {
            return;
        }
        PooledByteBuffer pooled = connection.getByteBufferPool().allocate();
        boolean handedBack = false;
        try {
            ByteBuffer buffer = pooled.getBuffer();
            while (!decoder.done()) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n == 0) {
                    channel.resumeReads();
                    return;
                }
                if (n < 0) {
                    throw new IOException("the client closed the connection mid-body");
                }
                buffer.flip();
                decoder.feed(buffer);
            }
            channel.suspendReads();
            if (buffer.hasRemaining()) {
                // The start of the next pipelined request: Undertow parses it once this exchange is done.
                connection.ungetRequestBytes(pooled);
                handedBack = true;
            }
            Connectors.terminateRequest(exchange);
        } catch (HttpError e) {
            // The request ends here: nothing more is read, and the connection closes after the answer.
            channel.suspendReads();
            exchange.setPersistent(false);
            Connectors.terminateRequest(exchange);
            settle.accept(() -> sendError(exchange, e));
            return;
        } catch (IOException | RuntimeException e) {
            // The client went away mid-body: nobody is left to answer.
            settle.accept(() -> IoUtils.safeClose(exchange.getConnection()));
            return;
        } finally {
            if (!handedBack) {
                pooled.close();
            }
        }
        settle.accept(() -> then.accept(decoder.body()));
    }

    /** A client misbehaved; the log line is rate-limited so clients cannot fill the application's log. */
    private void badClient(String message) {
        try {
            log.warn(message, null);
        } catch (RuntimeException ignored) {
            // Logging must not break the listener.
        }
    }

    private void sendError(HttpServerExchange exchange, HttpError error) {
        if (exchange.isResponseStarted()) {
            // Too late for a clean answer; closing tells the client the response is incomplete.
            exchange.setPersistent(false);
            exchange.endExchange();
            return;
        }
        if (HttpContinue.requiresContinueResponse(exchange)) {
            // Refused before the client was told to send its body: close rather than wait for a body that may
            // never come, or may come anyway.
            exchange.setPersistent(false);
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
