package dev.vitals.agent.stream;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.web.EndpointGroup;
import dev.vitals.exporter.Access;
import dev.vitals.exporter.HttpError;
import dev.vitals.exporter.HttpExporter;
import dev.vitals.exporter.Request;
import dev.vitals.exporter.WebSocketEndpoint;
import dev.vitals.exporter.WebSocketListener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * {@code WS /metrics/stream?metrics=requests,system&interval=1000}: a {@code snapshot} at once,
 * then an {@code update} every interval, {@code alert} messages when {@link StreamHub#publishAlert} is called,
 * and an answer to each client message. Protected: {@code auth.token} as {@code Authorization: Bearer} or as
 * the query parameter {@code access_token} (or {@code token}), else loopback clients only.
 *
 * <p>Handshake refusals are JSON: 400 for an unknown group or a malformed interval (naming the valid groups),
 * 429 when {@code stream.max.connections} are open. Thread-safe.
 */
public final class StreamEndpoint implements EndpointGroup, WebSocketEndpoint {
    public static final String PATH = "/metrics/stream";
    private static final long MAX_INTERVAL = 3_600_000;

    /** The configured limits, read once. */
    static final class Limits {
        final long defaultInterval;
        final long minInterval;
        final int maxConnections;
        final long maxPendingBytes;

        Limits(long defaultInterval, long minInterval, int maxConnections, long maxPendingBytes) {
            this.minInterval = minInterval;
            this.defaultInterval = Math.max(defaultInterval, minInterval);
            this.maxConnections = maxConnections;
            this.maxPendingBytes = maxPendingBytes;
        }

        /** The interval a client gets: at least the floor, at most an hour. */
        long clamp(long requested) {
            return Math.max(minInterval, Math.min(MAX_INTERVAL, requested));
        }
    }

    private final StreamHub hub;
    private final Limits limits;
    private volatile ScheduledThreadPoolExecutor executor;

    StreamEndpoint(AgentContext context) {
        this(context.stream(), limits(context.config()));
    }

    StreamEndpoint(StreamHub hub, Limits limits) {
        this.hub = hub;
        this.limits = limits;
    }

    private static Limits limits(Config config) {
        return new Limits(config.get(Keys.STREAM_INTERVAL), config.get(Keys.STREAM_INTERVAL_MIN),
                config.get(Keys.STREAM_MAX_CONNECTIONS), config.get(Keys.STREAM_MAX_PENDING));
    }

    @Override
    public void register(HttpExporter.Builder http) {
        // One daemon thread renders and sends for every client; it starts with the listener, not in premain.
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(null, r, "vitals-stream", 0, false);
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        executor = ex;
        http.webSocketMaxPendingBytes(limits.maxPendingBytes);
        http.webSocket(PATH, Access.PROTECTED, this);
    }

    @Override
    public WebSocketListener accept(Request request) {
        List<String> groups = groups(request.queryAll("metrics"));
        long interval = limits.clamp(request.queryLong("interval", limits.defaultInterval, 1, MAX_INTERVAL));
        if (hub.clientCount() >= limits.maxConnections) {
            throw new HttpError(429, "too_many_connections", limits.maxConnections
                    + " stream connections are open (stream.max.connections); close one or try again later");
        }
        return new StreamClient(hub, executor, limits, groups, interval);
    }

    /** The requested groups in canonical names and order; none requested means every available group. */
    List<String> groups(List<String> params) {
        List<String> requested = new ArrayList<>();
        for (String param : params) {
            for (String part : param.split(",")) {
                if (part.trim().isEmpty()) {
                    continue;
                }
                String name = hub.canonical(part);
                if (name == null) {
                    throw HttpError.badRequest("unknown metric group '" + ClientMessage.abbreviate(part.trim())
                            + "' in 'metrics'; valid: " + String.join(", ", hub.validGroups()));
                }
                if (!requested.contains(name)) {
                    requested.add(name);
                }
            }
        }
        List<String> result = new ArrayList<>();
        for (String name : requested.isEmpty() ? hub.availableGroups() : hub.validGroups()) {
            if (requested.isEmpty() || requested.contains(name)) {
                result.add(name);
            }
        }
        return result;
    }
}
