package dev.vitals.agent.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.log.Log;
import dev.vitals.exporter.Json;
import dev.vitals.exporter.JsonWriter;
import dev.vitals.exporter.prometheus.MetricsSink;
import dev.vitals.exporter.prometheus.MetricsSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The metric groups that {@code WS /metrics/stream} can send, and the connected stream clients.
 *
 * <p>A feature makes its figures streamable with one line, at install time or later:
 * <pre>{@code context.stream().registerGroup("database", g -> writeDatabaseFigures(g));}</pre>
 * The writer writes exactly one JSON value (usually an object) with the group's current figures; it is called
 * on the stream thread once per subscribed client per interval, so it must be cheap, thread-safe and must
 * not block. The alert engine pushes an alert to every client with
 * {@code context.stream().publishAlert(g -> writeAlert(g, alert))}, writing one JSON object; the clients get
 * {@code {"type":"alert","timestamp":...,"data":<that object>}}.
 *
 * <p>Created with the agent context during premain: the constructor starts nothing. Thread-safe.
 */
public final class StreamHub implements MetricsSource {
    /** The groups, in the order the page shows them. */
    public static final List<String> KNOWN_GROUPS = Collections.unmodifiableList(Arrays.asList(
            "requests", "database", "cache", "circuit-breakers", "system", "health"));
    /** Other spellings clients may use: {@code circuit-breaker} and {@code performance}. */
    private static final Map<String, String> ALIASES = Map.of(
            "circuit-breaker", "circuit-breakers",
            "circuitbreakers", "circuit-breakers",
            "breakers", "circuit-breakers",
            "performance", "requests",
            "memory", "system",
            "db", "database");

    private final Map<String, JsonWriter> groups = new ConcurrentHashMap<>();
    private final Set<StreamClient> clients = ConcurrentHashMap.newKeySet();
    private final LongAdder dropped = new LongAdder();
    private volatile String service = "";

    /** The service name that snapshots carry, for the page's title. */
    public void service(String name) {
        this.service = name == null ? "" : name;
    }

    String service() {
        return service;
    }

    /** {@code vitals_stream_clients} (open now) and {@code vitals_stream_clients_dropped_total}. */
    @Override
    public void collect(MetricsSink sink) {
        sink.gauge("vitals_stream_clients", "WS /metrics/stream connections open now.", "",
                new String[0], new String[0], clients.size());
        sink.counter("vitals_stream_clients_dropped", "Stream clients dropped because they stopped reading.", "",
                new String[0], new String[0], dropped.sum());
    }

    void countDropped() {
        dropped.increment();
    }

    /**
     * Adds (or replaces) a group's writer.
     *
     * @param name one of {@link #KNOWN_GROUPS}, or a new lower-case name of letters, digits and dashes
     */
    public void registerGroup(String name, JsonWriter writer) {
        if (name == null || !name.matches("[a-z][a-z0-9-]{0,39}")) {
            throw new IllegalArgumentException("stream group names are lower-case words with dashes, got " + name);
        }
        groups.put(name, writer);
    }

    /** Whether a group has a writer now. */
    public boolean hasGroup(String name) {
        return groups.containsKey(name);
    }

    /** Every group a client may ask for: the known ones first, then any others registered. */
    public List<String> validGroups() {
        List<String> names = new ArrayList<>(KNOWN_GROUPS);
        List<String> extra = new ArrayList<>();
        for (String name : groups.keySet()) {
            if (!names.contains(name)) {
                extra.add(name);
            }
        }
        Collections.sort(extra);
        names.addAll(extra);
        return names;
    }

    /** The groups with a writer now, in {@link #validGroups()} order. */
    public List<String> availableGroups() {
        List<String> names = new ArrayList<>();
        for (String name : validGroups()) {
            if (groups.containsKey(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** The canonical name of a group a client asked for, or {@code null} if there is no such group. */
    public String canonical(String requested) {
        if (requested == null) {
            return null;
        }
        String name = requested.trim().toLowerCase(java.util.Locale.ROOT);
        name = ALIASES.getOrDefault(name, name);
        return validGroups().contains(name) ? name : null;
    }

    /**
     * Pushes an alert to every connected client, at once. Call it when an alert fires, resolves or is
     * acknowledged; {@code data} writes one JSON object (id, name, severity, state, message...). Never throws:
     * a failing writer is logged and the alert is not sent.
     *
     * @return how many clients it was queued for
     */
    public int publishAlert(JsonWriter data) {
        String message;
        try {
            message = render("alert", data);
        } catch (IOException | RuntimeException e) {
            Log.warnRateLimited("stream-alert", "could not render an alert for the stream", e);
            return 0;
        }
        int sent = 0;
        for (StreamClient client : clients) {
            if (client.send(message)) {
                sent++;
            }
        }
        return sent;
    }

    /** Connected clients now. */
    public int clientCount() {
        return clients.size();
    }

    boolean add(StreamClient client, int max) {
        synchronized (clients) {
            if (clients.size() >= max) {
                return false;
            }
            clients.add(client);
            return true;
        }
    }

    void remove(StreamClient client) {
        clients.remove(client);
    }

    /**
     * Writes the subscribed groups' figures as the fields of the {@code data} object. A group whose writer
     * fails gets {@code {"error": ...}} instead, so one broken feature does not stop the stream.
     */
    void writeGroups(JsonGenerator g, List<String> names) throws IOException {
        for (String name : names) {
            JsonWriter writer = groups.get(name);
            if (writer == null) {
                continue;
            }
            // Rendered apart first: a writer that fails half-way must not leave a broken document behind.
            byte[] one;
            try {
                one = Json.toBytes(writer);
            } catch (IOException | RuntimeException e) {
                Log.warnRateLimited("stream-group:" + name, "stream group " + name + " failed", e);
                g.writeObjectFieldStart(name);
                g.writeStringField("error", "unavailable");
                g.writeEndObject();
                continue;
            }
            g.writeFieldName(name);
            g.writeRawValue(new String(one, StandardCharsets.UTF_8));
        }
    }

    static String render(String type, JsonWriter data) throws IOException {
        byte[] bytes = Json.toBytes(g -> {
            g.writeStartObject();
            g.writeStringField("type", type);
            g.writeNumberField("timestamp", System.currentTimeMillis());
            g.writeFieldName("data");
            data.write(g);
            g.writeEndObject();
        });
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** For log lines and tests: the writers registered now, by name. */
    Map<String, JsonWriter> groupsView() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(groups));
    }
}
