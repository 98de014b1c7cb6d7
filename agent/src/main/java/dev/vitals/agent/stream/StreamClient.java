package dev.vitals.agent.stream;

import dev.vitals.agent.log.Log;
import dev.vitals.exporter.Json;
import dev.vitals.exporter.WebSocketListener;
import dev.vitals.exporter.WebSocketSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One {@code WS /metrics/stream} connection: its subscribed groups, its interval and its update task.
 *
 * <p>Threading: the subscription is changed and every message is rendered on the stream thread only (IO-thread
 * events are handed to it), so the fields need no lock; they are volatile for the IO thread's reads.
 */
final class StreamClient implements WebSocketListener {
    private final StreamHub hub;
    private final ScheduledExecutorService executor;
    private final StreamEndpoint.Limits limits;
    private volatile List<String> groups;
    private volatile long interval;
    private volatile WebSocketSession session;
    private ScheduledFuture<?> task;
    private boolean closed;

    StreamClient(StreamHub hub, ScheduledExecutorService executor, StreamEndpoint.Limits limits, List<String> groups,
                 long interval) {
        this.hub = hub;
        this.executor = executor;
        this.limits = limits;
        this.groups = Collections.unmodifiableList(new ArrayList<>(groups));
        this.interval = interval;
    }

    @Override
    public void onOpen(WebSocketSession s) {
        this.session = s;
        if (!hub.add(this, limits.maxConnections)) {
            // Two handshakes raced past the check in accept(); RFC 6455 1013: try again later.
            s.close(1013, "too many stream connections (stream.max.connections=" + limits.maxConnections + ")");
            return;
        }
        executor.execute(() -> {
            sendData("snapshot");
            schedule();
        });
    }

    @Override
    public void onText(WebSocketSession s, String text) {
        executor.execute(() -> handle(text));
    }

    @Override
    public void onClose(WebSocketSession s) {
        hub.remove(this);
        executor.execute(() -> {
            closed = true;
            if (task != null) {
                task.cancel(false);
            }
            if (s.dropped()) {
                hub.countDropped();
                Log.warn("stream client " + s.remoteAddress() + " dropped: it stopped reading with more than "
                        + limits.maxPendingBytes + " bytes waiting (stream.max.pending)");
            }
        });
    }

    /** Sends an already rendered message; false if the connection is gone or was dropped. */
    boolean send(String message) {
        WebSocketSession s = session;
        return s != null && s.sendText(message);
    }

    private void schedule() {
        if (closed) {
            return;
        }
        if (task != null) {
            task.cancel(false);
        }
        long every = interval;
        task = executor.scheduleAtFixedRate(() -> {
            if (!groups.isEmpty()) {
                sendData("update");
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    private void handle(String text) {
        if (closed) {
            return;
        }
        ClientMessage message;
        try {
            message = ClientMessage.parse(text);
        } catch (ClientMessage.BadMessage e) {
            sendError(e.getMessage());
            return;
        }
        if (message.type == ClientMessage.Type.PING) {
            sendSimple("pong");
            return;
        }
        List<String> named = new ArrayList<>();
        for (String requested : message.metrics) {
            String name = hub.canonical(requested);
            if (name == null) {
                sendError("unknown metric group '" + ClientMessage.abbreviate(requested) + "'; valid: "
                        + String.join(", ", hub.validGroups()));
                return;
            }
            if (!named.contains(name)) {
                named.add(name);
            }
        }
        List<String> next = new ArrayList<>(groups);
        if (message.type == ClientMessage.Type.SUBSCRIBE) {
            for (String name : named) {
                if (!next.contains(name)) {
                    next.add(name);
                }
            }
        } else {
            next.removeAll(named);
        }
        groups = Collections.unmodifiableList(ordered(next));
        if (message.interval != null) {
            long effective = limits.clamp(message.interval);
            if (effective != interval) {
                interval = effective;
                schedule();
            }
        }
        // The answer to a change is a fresh snapshot: it says what the client now gets, and at which interval.
        sendData("snapshot");
    }

    private List<String> ordered(List<String> names) {
        List<String> result = new ArrayList<>();
        for (String name : hub.validGroups()) {
            if (names.contains(name)) {
                result.add(name);
            }
        }
        return result;
    }

    private void sendData(String type) {
        List<String> current = groups;
        String message;
        try {
            message = new String(Json.toBytes(g -> {
                g.writeStartObject();
                g.writeStringField("type", type);
                g.writeNumberField("timestamp", System.currentTimeMillis());
                g.writeNumberField("interval", interval);
                g.writeArrayFieldStart("metrics");
                for (String name : current) {
                    g.writeString(name);
                }
                g.writeEndArray();
                if ("snapshot".equals(type)) {
                    g.writeStringField("service", hub.service());
                    g.writeArrayFieldStart("available");
                    for (String name : hub.availableGroups()) {
                        g.writeString(name);
                    }
                    g.writeEndArray();
                }
                g.writeObjectFieldStart("data");
                hub.writeGroups(g, current);
                g.writeEndObject();
                g.writeEndObject();
            }), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            Log.warnRateLimited("stream-render", "rendering a stream " + type + " failed", e);
            return;
        }
        send(message);
    }

    private void sendError(String detail) {
        try {
            send(new String(Json.toBytes(g -> {
                g.writeStartObject();
                g.writeStringField("type", "error");
                g.writeNumberField("timestamp", System.currentTimeMillis());
                g.writeStringField("error", "bad_message");
                g.writeStringField("detail", detail);
                g.writeEndObject();
            }), StandardCharsets.UTF_8));
        } catch (IOException e) {
            Log.warnRateLimited("stream-render", "rendering a stream error failed", e);
        }
    }

    private void sendSimple(String type) {
        send("{\"type\":\"" + type + "\",\"timestamp\":" + System.currentTimeMillis() + "}");
    }
}
