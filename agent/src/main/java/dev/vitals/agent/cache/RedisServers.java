package dev.vitals.agent.cache;

import dev.vitals.agent.health.CheckResult;
import dev.vitals.agent.health.HealthCheck;
import dev.vitals.agent.health.HealthService;
import dev.vitals.agent.health.HealthStatus;
import dev.vitals.agent.health.Redaction;
import dev.vitals.agent.log.Log;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Redis servers the instrumented clients connect to, and the {@code redis} health check over them.
 *
 * <p>Clients report each new connection's remote address ({@link #connected}); that is once per connection,
 * never per command. The first address registers the check. The check runs in the background (the health
 * registry's workers, with its timeout and breaker): for each server it uses a socket of its own, never one of
 * the application's pooled connections, sends {@code PING} and then {@code INFO}, and keeps a bounded summary
 * of the reply for {@code /health/cache}. The socket stays open between runs and is replaced after a failure.
 *
 * <p>Thread-safe. At most {@value #MAX_SERVERS} servers are followed; more are logged once and ignored.
 */
public final class RedisServers implements HealthCheck {
    static final int MAX_SERVERS = 8;

    private final HealthService health;
    private final long intervalMillis;
    private final long timeoutMillis;
    private final Map<String, Server> servers = new ConcurrentHashMap<>();
    private volatile boolean registered;
    private volatile boolean warnedFull;

    public RedisServers(HealthService health, long intervalMillis, long timeoutMillis) {
        this.health = health;
        this.intervalMillis = intervalMillis;
        this.timeoutMillis = timeoutMillis;
    }

    /** A client connected to {@code address:port}. Cheap when the server is already known. */
    public void connected(InetAddress address, int port) {
        if (address == null || port <= 0) {
            return;
        }
        String key = address.getHostAddress() + ":" + port;
        if (servers.containsKey(key)) {
            return;
        }
        synchronized (this) {
            if (servers.containsKey(key)) {
                return;
            }
            if (servers.size() >= MAX_SERVERS) {
                if (!warnedFull) {
                    warnedFull = true;
                    Log.warn("Redis check: more than " + MAX_SERVERS + " Redis servers in use; only the first "
                            + MAX_SERVERS + " are checked");
                }
                return;
            }
            servers.put(key, new Server(key, new InetSocketAddress(address, port)));
            Log.info("Redis check: following " + key);
            if (!registered) {
                registered = true;
                health.register(this);
            }
        }
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String componentType() {
        return "datastore";
    }

    @Override
    public long intervalMillis() {
        return intervalMillis;
    }

    @Override
    public long timeoutMillis() {
        return timeoutMillis * Math.max(1, Math.min(servers.size(), MAX_SERVERS)) + 500;
    }

    @Override
    public CheckResult run() throws Exception {
        List<Server> list = list();
        int down = 0;
        double slowest = 0;
        List<Object> details = new ArrayList<>();
        String firstError = null;
        for (Server s : list) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            s.check(timeoutMillis);
            if (!s.up) {
                down++;
                if (firstError == null) {
                    firstError = s.address + ": " + s.error;
                }
            } else {
                slowest = Math.max(slowest, s.pingMillis);
            }
            details.add(s.describe());
        }
        HealthStatus status = down == 0 ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY;
        String message = down == 0 ? "PONG from " + list.size() + " Redis server(s)"
                : down + " of " + list.size() + " Redis server(s) not answering; " + firstError;
        return CheckResult.of(status, message)
                .observed(Math.round(slowest * 100) / 100.0, "ms")
                .detail("servers", details);
    }

    List<Server> list() {
        List<Server> list = new ArrayList<>(servers.values());
        list.sort((a, b) -> a.address.compareTo(b.address));
        return list;
    }

    /** One server and the check's own connection to it. Used by one check run at a time. */
    static final class Server {
        final String address;
        private final InetSocketAddress socketAddress;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        volatile boolean checked;
        volatile boolean up;
        volatile double pingMillis;
        volatile String error;
        volatile long checkedAtMillis;
        volatile Map<String, Object> info = Collections.emptyMap();

        Server(String address, InetSocketAddress socketAddress) {
            this.address = address;
            this.socketAddress = socketAddress;
        }

        synchronized void check(long timeoutMillis) {
            try {
                if (socket == null || socket.isClosed()) {
                    Socket s = new Socket();
                    try {
                        s.connect(socketAddress, (int) timeoutMillis);
                        s.setSoTimeout((int) timeoutMillis);
                        s.setTcpNoDelay(true);
                    } catch (IOException e) {
                        s.close();
                        throw e;
                    }
                    socket = s;
                    in = new BufferedInputStream(s.getInputStream());
                    out = s.getOutputStream();
                }
                long start = System.nanoTime();
                Resp.writeCommand(out, "PING");
                String pong = Resp.readReply(in);
                pingMillis = (System.nanoTime() - start) / 1e6;
                if (!"PONG".equals(pong)) {
                    throw new IOException("unexpected PING reply");
                }
                Map<String, Object> summary;
                try {
                    Resp.writeCommand(out, "INFO");
                    summary = RedisInfo.summarize(Resp.readReply(in));
                } catch (Resp.ReplyError e) {
                    // INFO may be renamed or forbidden by ACL; PING answered, so the server is up.
                    summary = Collections.singletonMap("error", Redaction.message(e));
                }
                info = summary;
                up = true;
                error = null;
            } catch (Resp.ReplyError e) {
                // An error reply to PING (NOAUTH: Vitals has no credentials) still proves the server answers.
                up = true;
                error = "PING answered with an error: " + Redaction.message(e);
                info = Collections.emptyMap();
                close();
            } catch (IOException | RuntimeException e) {
                up = false;
                error = Redaction.message(e);
                close();
            } finally {
                checked = true;
                checkedAtMillis = System.currentTimeMillis();
            }
        }

        private void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a broken socket
                }
                socket = null;
            }
        }

        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", address);
            m.put("status", !checked ? "unknown" : up ? "healthy" : "unhealthy");
            if (up) {
                m.put("responseTime", Math.round(pingMillis * 100) / 100.0);
            }
            if (error != null) {
                m.put("error", error);
            }
            m.putAll(info);
            return m;
        }
    }
}
