package dev.vitals.exporter;

import io.undertow.UndertowOptions;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSession;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;
import org.xnio.ssl.SslConnection;

/**
 * The embedded HTTP listener: an Undertow HTTP/1.1 server on XNIO with a fixed routing table.
 *
 * <p>Built for running inside someone else's application: every thread is a daemon whose name starts with
 * the configured prefix (XNIO names them {@code <prefix> I/O-1} and {@code <prefix> Accept}, the worker pool
 * {@code <prefix>-worker-1}..., and a short-lived {@code <prefix>-start}); worker threads are created on demand
 * and retire after a minute idle; no thread inherits the caller's context class loader or inheritable
 * thread-locals;
 * Undertow and XNIO log through {@link ExporterLoggerProvider}, never through {@code java.util.logging}.
 *
 * <p>JMX: XNIO 3.8 registers three MBeans in the platform MBean server ({@code org.xnio:type=Xnio,...} for the
 * provider, the worker and the listener), unconditionally and with no option or system property to turn it
 * off; creating the platform MBean server also initialises {@code java.util.logging}. The worker pool's own
 * MBean (jboss-threads {@code EnhancedQueueExecutor}) is avoided by giving XNIO our own executor.
 *
 * <p>Thread-safe: {@link #port()}, {@link #host()} and {@link #close()} may be called from any thread;
 * {@link #close()} is idempotent.
 */
public final class HttpExporter implements AutoCloseable {
    /** The product's default port. */
    public static final int DEFAULT_PORT = 9715;
    /** 64 KiB, the largest body any endpoint accepts. */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    /** 1 MiB: what a WebSocket client that stops reading may cost before it is dropped. */
    public static final long DEFAULT_WEB_SOCKET_MAX_PENDING_BYTES = 1024 * 1024;

    /** 64 KiB: the largest request head (request line, headers, cookies) accepted. */
    public static final int MAX_HEADER_BYTES = 64 * 1024;
    /** Default cap on open connections; see {@link Builder#maxConnections}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 512;
    /** Default cap on open connections from one client address. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 64;
    /** Default time a client has to send a request head once it started one. */
    public static final long DEFAULT_REQUEST_PARSE_TIMEOUT_MILLIS = 5_000;
    /** Default time a client has to send a request body. */
    public static final long DEFAULT_BODY_TIMEOUT_MILLIS = 10_000;
    /** Default time a connection may stay open with no request. */
    public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 60_000;

    private static final long SHUTDOWN_WAIT_MILLIS = 2000;
    private static final int ACCEPTS_PER_EVENT = 64;

    private final String host;
    private final int port;
    private final XnioWorker worker;
    private final ThreadPoolExecutor executor;
    private final AcceptingChannel<? extends StreamConnection> server;
    private final TlsFiles tls;
    private final DefaultByteBufferPool buffers;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HttpExporter(String host, int port, XnioWorker worker, ThreadPoolExecutor executor,
            AcceptingChannel<? extends StreamConnection> server, DefaultByteBufferPool buffers, TlsFiles tls) {
        this.tls = tls;
        this.host = host;
        this.port = port;
        this.worker = worker;
        this.executor = executor;
        this.server = server;
        this.buffers = buffers;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The bound port; the actual one when the builder asked for port 0. */
    public int port() {
        return port;
    }

    /** {@code https} when the listener serves TLS, else {@code http}. */
    public String scheme() {
        return tls == null ? "http" : "https";
    }

    /**
     * Loads the TLS certificate and key again if their files changed (see {@link TlsFiles#reload()}); nothing
     * without TLS. Call it periodically, off the listener's threads.
     *
     * @return true when a new certificate is now served
     */
    public boolean reloadTls() {
        return tls != null && tls.reload();
    }

    /** The host the listener is bound to, as configured. */
    public String host() {
        return host;
    }

    /**
     * Stops accepting, closes connections and stops all threads, waiting up to about two seconds each for the
     * IO and worker threads to finish. Called from a handler, it waits out that time for its own thread, so
     * hand it to another thread there.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.close();
        } catch (IOException | RuntimeException ignored) {
            // Closing a listening socket has nothing useful to report.
        }
        stop(worker, executor);
        buffers.close();
    }

    private static void stop(XnioWorker worker, ThreadPoolExecutor executor) {
        worker.shutdown();
        executor.shutdown();
        try {
            if (!worker.awaitTermination(SHUTDOWN_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                worker.shutdownNow();
            }
            if (!executor.awaitTermination(SHUTDOWN_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Configures and starts an exporter. Not thread-safe; use one builder from one thread.
     */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = DEFAULT_PORT;
        private String authToken;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int ioThreads = 1;
        private int workerThreads = 2;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxConnectionsPerClient = DEFAULT_MAX_CONNECTIONS_PER_CLIENT;
        private long requestParseTimeoutMillis = DEFAULT_REQUEST_PARSE_TIMEOUT_MILLIS;
        private long bodyTimeoutMillis = DEFAULT_BODY_TIMEOUT_MILLIS;
        private long idleTimeoutMillis = DEFAULT_IDLE_TIMEOUT_MILLIS;
        private List<String> allowedOrigins = List.of();
        private boolean protectAll;
        private TlsFiles tls;
        private double ratePerSecond;
        private int rateBurst = 1;
        private boolean rateLimitLoopback;
        private long webSocketMaxPendingBytes = DEFAULT_WEB_SOCKET_MAX_PENDING_BYTES;
        private String threadNamePrefix = "vitals-http";
        private ExporterLog log = ExporterLog.stderr();
        private final List<Routes.Route> routes = new ArrayList<>();

        private Builder() {
        }

        /** The address to bind, a host name or literal; default {@code 0.0.0.0}. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port to bind, 0-65535; 0 picks a free port (see {@link HttpExporter#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The bearer token for {@link Access#PROTECTED} routes; {@code null} or blank means none, in which
         * case protected routes answer only to loopback clients.
         */
        public Builder authToken(String tokenOrNull) {
            this.authToken = tokenOrNull == null || tokenOrNull.trim().isEmpty() ? null : tokenOrNull.trim();
            return this;
        }

        /** The largest request body accepted; larger ones get 413. Default 65536. */
        public Builder maxBodyBytes(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxBodyBytes must be >= 0, got " + n);
            }
            this.maxBodyBytes = n;
            return this;
        }

        /** IO (selector) threads; default 1. */
        public Builder ioThreads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("ioThreads must be >= 1, got " + n);
            }
            this.ioThreads = n;
            return this;
        }

        /** Worker threads that run handlers; default 2. */
        public Builder workerThreads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("workerThreads must be >= 1, got " + n);
            }
            this.workerThreads = n;
            return this;
        }

        /**
         * The most connections open at once; default 512. When a new client would pass it, the oldest idle
         * connection (no request being served: waiting for its next request, or still sending a request head)
         * is closed to make room; only when all are busy is the new one refused: its first request is answered
         * with a JSON 503 and the connection closed. So probes get through a listener full of slow clients.
         */
        public Builder maxConnections(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxConnections must be >= 1, got " + n);
            }
            this.maxConnections = n;
            return this;
        }

        /** The most connections open at once from one client address, with the same eviction; default 64. */
        public Builder maxConnectionsPerClient(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxConnectionsPerClient must be >= 1, got " + n);
            }
            this.maxConnectionsPerClient = n;
            return this;
        }

        /**
         * How long a client may take to send a request head, from its first byte; default 5 s. Also how long
         * a new connection may stay silent.
         */
        public Builder requestParseTimeoutMillis(long millis) {
            this.requestParseTimeoutMillis = positive("requestParseTimeoutMillis", millis);
            return this;
        }

        /** How long a client may take to send a request body; then the connection is closed. Default 10 s. */
        public Builder bodyTimeoutMillis(long millis) {
            this.bodyTimeoutMillis = positive("bodyTimeoutMillis", millis);
            return this;
        }

        /** How long a connection may stay open between requests; default 60 s. */
        public Builder idleTimeoutMillis(long millis) {
            this.idleTimeoutMillis = positive("idleTimeoutMillis", millis);
            return this;
        }

        /**
         * When true, {@link Access#PUBLIC} routes are treated as {@link Access#PROTECTED}: the token (or, without
         * one, a loopback client) is needed for everything except {@link #probe} and {@link Access#OPEN} routes.
         * Default false.
         */
        public Builder protectAll(boolean all) {
            this.protectAll = all;
            return this;
        }

        /**
         * Limits the requests of each client address (IPv6: each /64) with a token bucket: {@code burst} at once,
         * then {@code perSecond} a second; a request over the limit gets a JSON 429 with {@code Retry-After}.
         * Probes are never limited. At most {@value RateLimiter#DEFAULT_MAX_CLIENTS} clients are remembered (the
         * least recently seen is forgotten first). Default off.
         *
         * @param perSecond sustained requests a second; 0 turns the limit off
         * @param limitLoopback whether loopback clients (the agent's own host) are limited too
         */
        public Builder rateLimit(double perSecond, int burst, boolean limitLoopback) {
            if (!(perSecond >= 0) || Double.isInfinite(perSecond) || burst < 1) {
                throw new IllegalArgumentException("rate limit must be >= 0 a second with a burst >= 1, got "
                        + perSecond + " and " + burst);
            }
            this.ratePerSecond = perSecond;
            this.rateBurst = burst;
            this.rateLimitLoopback = limitLoopback;
            return this;
        }

        /**
         * Serves HTTPS (HTTP/1.1 and WebSocket) with the certificate and key of {@code files}, loaded now and
         * whenever {@link HttpExporter#reloadTls()} finds them changed. The listener starts even when the files are
         * not usable yet: it then refuses TLS handshakes until they are, and never falls back to clear text.
         */
        public Builder tls(TlsFiles files) {
            this.tls = files;
            return this;
        }

        /**
         * Web origins (such as {@code https://grafana.example.com}) whose pages may send state-changing requests
         * and open WebSockets; {@code *} allows every origin. The listener's own origin is always allowed, and
         * requests without {@code Origin} (not from a browser) are never refused for it. Default none.
         */
        public Builder allowedOrigins(List<String> origins) {
            this.allowedOrigins = List.copyOf(Objects.requireNonNull(origins, "origins"));
            return this;
        }

        private static long positive(String name, long millis) {
            if (millis < 1 || millis > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " must be 1-" + Integer.MAX_VALUE + " ms, got " + millis);
            }
            return millis;
        }

        /**
         * The most bytes a WebSocket connection may have waiting for its socket; a send past this drops the
         * connection (see {@link WebSocketSession}). Default 1 MiB.
         */
        public Builder webSocketMaxPendingBytes(long n) {
            if (n < 1) {
                throw new IllegalArgumentException("webSocketMaxPendingBytes must be >= 1, got " + n);
            }
            this.webSocketMaxPendingBytes = n;
            return this;
        }

        /** The start of every thread name; default {@code vitals-http}. */
        public Builder threadNamePrefix(String p) {
            if (p == null || p.isEmpty()) {
                throw new IllegalArgumentException("threadNamePrefix must not be empty");
            }
            this.threadNamePrefix = p;
            return this;
        }

        /** Where handler failures and Undertow/XNIO warnings go; default {@link ExporterLog#stderr()}. */
        public Builder log(ExporterLog log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /**
         * Adds a route.
         *
         * @param method an HTTP method such as {@code GET}; a GET route also answers {@code HEAD}
         * @param pathTemplate a path such as {@code /alerts/rules/{id}}; each {@code {name}} matches one
         *     non-empty path segment, and literal segments win over parameters
         * @throws IllegalArgumentException for a malformed template or method
         */
        public Builder route(String method, String pathTemplate, Access access, Handler handler) {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(pathTemplate, "pathTemplate");
            if (method.isEmpty() || !method.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new IllegalArgumentException("invalid HTTP method: " + method);
            }
            if (!pathTemplate.startsWith("/")) {
                throw new IllegalArgumentException("path template must start with '/': " + pathTemplate);
            }
            routes.add(new Routes.Route(Request.upper(method), pathTemplate, Objects.requireNonNull(access, "access"),
                    Objects.requireNonNull(handler, "handler")));
            return this;
        }

        /**
         * Adds a probe route ({@code GET}, public), such as a Kubernetes liveness probe. Its handler runs on the
         * listener's IO thread, so it must answer from state it already has, in well under a millisecond,
         * without blocking; in exchange it answers while every worker is busy and is never rate-limited.
         */
        public Builder probe(String path, Handler handler) {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("path template must start with '/': " + path);
            }
            routes.add(new Routes.Route("GET", path, Access.PUBLIC, Objects.requireNonNull(handler, "handler"), null,
                    true));
            return this;
        }

        /**
         * Adds a WebSocket route (RFC 6455, text messages) at a fixed path. A plain GET without
         * {@code Upgrade: websocket} gets a JSON 426. For a {@link Access#PROTECTED} route the token may also
         * come as the query parameter {@code access_token} (or {@code token}), since browsers cannot set headers
         * on a WebSocket; the header wins when both are given. Incoming messages are limited to
         * {@code maxBodyBytes}.
         *
         * @throws IllegalArgumentException for a malformed path, or one that already has a GET route
         */
        public Builder webSocket(String path, Access access, WebSocketEndpoint endpoint) {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("path template must start with '/': " + path);
            }
            routes.add(new Routes.Route("GET", path, Objects.requireNonNull(access, "access"), null,
                    Objects.requireNonNull(endpoint, "endpoint"), false));
            return this;
        }

        /**
         * Binds the listener and starts the threads.
         *
         * @throws BindException if the address is in use or cannot be bound (unwrapped from XNIO)
         * @throws IOException for other network failures
         * @throws IllegalArgumentException for ambiguous or duplicate routes
         */
        public HttpExporter start() throws IOException {
            Routes table = new Routes(routes);
            // XNIO's threads copy the creating thread's context class loader and InheritableThreadLocals, and
            // the caller may be an application thread (request context, a web app's class loader). Starting
            // from a fresh, clean thread means the long-lived threads pin nothing of the application.
            FutureTask<HttpExporter> task = new FutureTask<>(() -> startOnCleanThread(table));
            Thread starter = new Thread(null, task, threadNamePrefix + "-start", 0, false);
            starter.setDaemon(true);
            starter.setContextClassLoader(HttpExporter.class.getClassLoader());
            starter.start();
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return task.get();
                    } catch (InterruptedException e) {
                        // Keep waiting: giving up now would leave a running listener nobody can close.
                        interrupted = true;
                    }
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException) {
                    throw (IOException) cause;
                }
                if (cause instanceof RuntimeException) {
                    throw (RuntimeException) cause;
                }
                if (cause instanceof Error) {
                    throw (Error) cause;
                }
                throw new IOException("cannot start the HTTP listener: " + cause, cause);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private HttpExporter startOnCleanThread(Routes table) throws IOException {
            // Undertow's and XNIO's warnings are mostly about clients, so they share the rate limit.
            ExporterLog clientLog = new RateLimitedLog(log, System::nanoTime);
            ExporterLoggerProvider.target(clientLog);
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(host), port);

            ThreadPoolExecutor executor = new ThreadPoolExecutor(workerThreads, workerThreads, 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), new DaemonThreadFactory(threadNamePrefix + "-worker-"));
            // Idle exporters keep no worker threads; a scrape every few seconds keeps them alive.
            executor.allowCoreThreadTimeOut(true);

            Xnio xnio = Xnio.getInstance(Xnio.class.getClassLoader());
            XnioWorker worker = xnio.createWorkerBuilder()
                    .setWorkerName(threadNamePrefix)
                    .setWorkerIoThreads(ioThreads)
                    .setDaemon(true)
                    .setExternalExecutorService(executor)
                    .build();

            // Heap buffers: the exporter moves kilobytes, and direct memory would count against the application.
            DefaultByteBufferPool buffers = new DefaultByteBufferPool(false, 8192, 32, 4);
            OptionMap undertowOptions = OptionMap.builder()
                    .set(UndertowOptions.ENABLE_HTTP2, false)
                    // Undertow would answer a bad percent-escape with an empty, untyped 400 before any handler
                    // runs; decoding ourselves lets that be a JSON 400 like every other error.
                    .set(UndertowOptions.DECODE_URL, false)
                    .set(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
                    .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) requestParseTimeoutMillis)
                    .set(UndertowOptions.NO_REQUEST_TIMEOUT, (int) idleTimeoutMillis)
                    // No I/O at all for this long (a stalled body or response) closes the connection.
                    .set(UndertowOptions.IDLE_TIMEOUT, (int) Math.max(idleTimeoutMillis, bodyTimeoutMillis))
                    // No MAX_ENTITY_SIZE: Undertow's refusal would be an empty 400. The root handler answers a
                    // body over the limit with a JSON 413 and closes the connection rather than reading it.
                    .getMap();
            ConnectionGate gate = new ConnectionGate(maxConnections, maxConnectionsPerClient);
            RateLimiter rateLimiter = ratePerSecond > 0
                    ? new RateLimiter(ratePerSecond, rateBurst, RateLimiter.DEFAULT_MAX_CLIENTS, System::nanoTime) : null;
            Limits limits = new Limits(maxBodyBytes, webSocketMaxPendingBytes, bodyTimeoutMillis, rateLimiter,
                    rateLimitLoopback);
            HttpOpenListener openListener = new HttpOpenListener(buffers, undertowOptions);
            openListener.setRootHandler(new RootHandler(table, authToken, protectAll, limits, gate,
                    new OriginCheck(allowedOrigins), clientLog));
            Acceptor acceptListener = new Acceptor(gate, openListener, requestParseTimeoutMillis);
            OptionMap socketOptions = OptionMap.builder()
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.REUSE_ADDRESSES, true)
                    .set(Options.BACKLOG, 1024)
                    // No XNIO high-water mark: XNIO would stop accepting and make new clients (probes included)
                    // wait in the backlog; the gate keeps the count at maxConnections by closing idle ones.
                    .set(Options.CONNECTION_HIGH_WATER, Integer.MAX_VALUE)
                    .set(Options.CONNECTION_LOW_WATER, Integer.MAX_VALUE)
                    .getMap();
            AcceptingChannel<? extends StreamConnection> server;
            try {
                if (tls == null) {
                    server = worker.createStreamConnectionServer(address, acceptListener, socketOptions);
                } else {
                    tls.reload();
                    UndertowXnioSsl ssl = new UndertowXnioSsl(xnio, OptionMap.EMPTY, tls.sslContext());
                    server = ssl.createSslConnectionServer(worker, address, acceptListener, socketOptions);
                }
            } catch (IOException | RuntimeException | GeneralSecurityException e) {
                stop(worker, executor);
                buffers.close();
                throw unwrapBindFailure(e, address);
            }
            server.resumeAccepts();
            int boundPort = server.getLocalAddress(InetSocketAddress.class).getPort();
            return new HttpExporter(host, boundPort, worker, executor, server, buffers, tls);
        }

        private static IOException unwrapBindFailure(Exception e, InetSocketAddress address) {
            if (e instanceof GeneralSecurityException) {
                return new IOException("cannot set up TLS: " + e.getMessage(), e);
            }
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    BindException bind = new BindException("cannot bind " + address + ": " + t.getMessage());
                    bind.initCause(e);
                    return bind;
                }
            }
            if (e instanceof IOException) {
                return (IOException) e;
            }
            return new IOException("cannot start the HTTP listener on " + address + ": " + e, e);
        }
    }

    /**
     * Accepts connections through the {@link ConnectionGate}: admitted ones get the JSON parse-error conduit
     * and go to Undertow. Refused ones go to Undertow too, and {@link RootHandler} answers their first request
     * with a JSON 503 and closes them: a 503 written at accept time and closed at once is lost to most clients
     * (their request arrives at a closed socket, which resets the connection), and over TLS it could only be read
     * after a handshake. Runs on the accept thread.
     */
    private static final class Acceptor implements ChannelListener<AcceptingChannel<? extends StreamConnection>> {
        private static final byte[] REFUSED = ParseErrorConduit.cannedResponse(503, "Service Unavailable",
                ConnectionGate.REFUSED_ERROR, ConnectionGate.REFUSED_DETAIL);

        private final ConnectionGate gate;
        private final HttpOpenListener openListener;
        private final long handshakeTimeoutMillis;

        Acceptor(ConnectionGate gate, HttpOpenListener openListener, long handshakeTimeoutMillis) {
            this.handshakeTimeoutMillis = handshakeTimeoutMillis;
            this.gate = gate;
            this.openListener = openListener;
        }

        @Override
        public void handleEvent(AcceptingChannel<? extends StreamConnection> server) {
            for (int i = 0; i < ACCEPTS_PER_EVENT; i++) {
                StreamConnection connection;
                try {
                    connection = server.accept();
                } catch (IOException e) {
                    return;
                }
                if (connection == null) {
                    return;
                }
                admit(connection);
            }
        }

        private void admit(StreamConnection connection) {
            try {
                InetSocketAddress peer = connection.getPeerAddress(InetSocketAddress.class);
                InetAddress client = peer == null ? null : peer.getAddress();
                boolean tls = connection instanceof SslConnection;
                boolean refused = gate.admit(connection, client) == ConnectionGate.Admission.REFUSED;
                if (refused && !gate.refuseLater(connection)) {
                    // Too many refusals are waiting already. A best effort: the answer is written at once, but a
                    // client whose request arrives before the close usually sees a reset instead. Over TLS, plain
                    // bytes would be garbage: the client sees its handshake fail.
                    if (!tls) {
                        // A fresh socket's send buffer is empty, so this small answer goes out in one write.
                        connection.getSinkChannel().write(ByteBuffer.wrap(REFUSED));
                    }
                    IoUtils.safeClose(connection);
                    return;
                }
                connection.getSinkChannel().setConduit(new ParseErrorConduit(connection.getSinkChannel().getConduit()));
                if (refused) {
                    // A refused connection holds no slot, but is one of few allowed to wait: its request (and over
                    // TLS its handshake first) must come within the request-head time.
                    connection.getIoThread().executeAfter(() -> IoUtils.safeClose(connection), handshakeTimeoutMillis,
                            TimeUnit.MILLISECONDS);
                } else if (tls) {
                    closeUnlessHandshaken((SslConnection) connection, handshakeTimeoutMillis);
                }
                openListener.handleEvent(connection);
            } catch (IOException | RuntimeException e) {
                IoUtils.safeClose(connection);
            }
        }
    }

    /**
     * Undertow's request-parse timeout starts with the first HTTP bytes, which a TLS client sends only after its
     * handshake; a client that never finishes one would hold its connection until the idle timeout.
     */
    private static void closeUnlessHandshaken(SslConnection connection, long timeoutMillis) {
        connection.getIoThread().executeAfter(() -> {
            SSLSession session = connection.getSslSession();
            // Until the handshake completes, the JDK's engine reports its placeholder session.
            if (session == null || "SSL_NULL_WITH_NULL_NULL".equals(session.getCipherSuite())) {
                IoUtils.safeClose(connection);
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Daemon threads named prefix + number, without inherited thread-locals from the application thread. */
    private static final class DaemonThreadFactory implements ThreadFactory {
        private final String prefix;
        private final AtomicInteger next = new AtomicInteger(1);

        DaemonThreadFactory(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable task) {
            // inheritThreadLocals=false: the creating thread may carry the application's InheritableThreadLocals
            // (request context, class loaders), which a long-lived pool thread would otherwise pin.
            Thread thread = new Thread(null, task, prefix + next.getAndIncrement(), 0, false);
            thread.setDaemon(true);
            thread.setContextClassLoader(HttpExporter.class.getClassLoader());
            return thread;
        }
    }
}
