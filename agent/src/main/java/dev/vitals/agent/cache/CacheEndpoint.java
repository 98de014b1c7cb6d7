package dev.vitals.agent.cache;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.AgentContext;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.health.CheckState;
import dev.vitals.agent.health.Score;
import dev.vitals.agent.web.EndpointGroup;
import dev.vitals.agent.web.JsonValues;
import dev.vitals.agent.metrics.Snapshot;
import dev.vitals.agent.metrics.Timer;
import dev.vitals.exporter.Access;
import dev.vitals.exporter.HttpError;
import dev.vitals.exporter.JsonWriter;
import dev.vitals.exporter.HttpExporter;
import dev.vitals.exporter.Request;
import dev.vitals.exporter.Response;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /health/cache?keyspace=&client=&cache=&window=}: the two cache tiers side by side, with a hit rate per
 * tier and overall ({@code tiers}); per in-process (L1) cache name, hits, misses, puts, removals, evictions (of
 * which expirations, where the library tells them apart), size where known and load time ({@code l1}); and per Redis (L2) client and keyspace, hits, misses, hit rate,
 * operations (by command), errors (by command) and the latency distribution (min, avg, p50, p95, p99, max in
 * milliseconds) over the window; plus the servers the clients use, with the Redis check's PING result and INFO
 * summary. Hits, misses, operations and errors count since the agent started; latency is windowed
 * ({@code window} in ms, default the {@code window} setting).
 *
 * <p>Thread-safe: handlers only read {@link CacheStats} and {@link RedisServers}.
 */
final class CacheEndpoint implements EndpointGroup {
    static final long MIN_WINDOW = 1_000;
    static final long MAX_WINDOW = 900_000;
    static final int MAX_KEYSPACE_PARAM = 256;

    private final AgentContext context;
    private final CacheStats stats;
    private final LocalCaches local;
    private final RedisServers servers;
    private final long defaultWindow;

    CacheEndpoint(AgentContext context, CacheStats stats, LocalCaches local, RedisServers servers) {
        this.context = context;
        this.stats = stats;
        this.local = local;
        this.servers = servers;
        this.defaultWindow = context.config().get(Keys.WINDOW);
    }

    @Override
    public void register(HttpExporter.Builder http) {
        http.route("GET", "/health/cache", Access.PROTECTED, this::cache);
    }

    private Response cache(Request request) {
        long window = request.queryLong("window", defaultWindow, MIN_WINDOW, MAX_WINDOW);
        String keyspace = request.query("keyspace");
        if (keyspace != null && (keyspace.isEmpty() || keyspace.length() > MAX_KEYSPACE_PARAM)) {
            throw HttpError.badRequest("keyspace must be a keyspace name of 1 to " + MAX_KEYSPACE_PARAM
                    + " characters, e.g. user:profile");
        }
        String cache = request.query("cache");
        if (cache != null && (cache.isEmpty() || cache.length() > MAX_KEYSPACE_PARAM)) {
            throw HttpError.badRequest("cache must be a cache name of 1 to " + MAX_KEYSPACE_PARAM
                    + " characters, e.g. users");
        }
        String client = request.queryEnum("client", "all", "all", CacheStats.CLIENTS[0], CacheStats.CLIENTS[1]);
        return Response.json(figures(keyspace, client, cache, window));
    }

    /** The live stream's {@code cache} group: every client and keyspace over the default window. */
    JsonWriter streamGroup() {
        return g -> figures(null, "all", null, defaultWindow).write(g);
    }

    /** The cache's part of the service's score, over the default window; null before any command is seen. */
    Score score() {
        List<ClientView> clients = collect(null, "all", defaultWindow, System.currentTimeMillis());
        return clients.isEmpty() ? null : score(clients);
    }

    private Score score(List<ClientView> clients) {
        CacheScore.Inputs in = new CacheScore.Inputs();
        for (CheckState c : context.health().checks()) {
            if (c.name().equals(servers.name())) {
                in.checkStatus = c.status().label();
                in.checkMessage = c.result().message();
            }
        }
        Histogram all = Timer.newHistogram();
        for (ClientView c : clients) {
            in.hits += c.hits;
            in.misses += c.misses;
            in.operations += c.operations;
            in.errors += c.errors;
            for (KeyspaceView k : c.keyspaces) {
                all.add(k.latency);
            }
        }
        in.windowCount = all.getTotalCount();
        in.p95Ms = all.getTotalCount() == 0 ? 0 : all.getValueAtPercentile(95) / 1000.0;
        return CacheScore.of(in);
    }

    private JsonWriter figures(String keyspace, String client, String cache, long window) {
        long now = System.currentTimeMillis();
        List<ClientView> clients = collect(keyspace, client, window, now);
        Score health = score(clients);
        List<LocalCache> l1 = new ArrayList<>();
        for (LocalCache c : local.all()) {
            if (cache == null || cache.equals(c.name)) {
                l1.add(c);
            }
        }
        l1.sort((a, b) -> Long.compare(b.hits.sum() + b.misses.sum(), a.hits.sum() + a.misses.sum()));
        return g -> {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.ofEpochMilli(now).toString());
            g.writeNumberField("timeWindow", window);
            if (keyspace != null) {
                g.writeStringField("keyspace", keyspace);
            }
            long hits = 0;
            long misses = 0;
            long ops = 0;
            long errors = 0;
            for (ClientView c : clients) {
                hits += c.hits;
                misses += c.misses;
                ops += c.operations;
                errors += c.errors;
            }
            g.writeObjectFieldStart("summary");
            writeTotals(g, hits, misses, ops, errors);
            g.writeNumberField("keyspaces", stats.keyspaceCount());
            g.writeEndObject();
            long l1Hits = 0;
            long l1Misses = 0;
            for (LocalCache c : l1) {
                l1Hits += c.hits.sum();
                l1Misses += c.misses.sum();
            }
            g.writeObjectFieldStart("tiers");
            g.writeObjectFieldStart("l1");
            writeRate(g, l1Hits, l1Misses);
            g.writeNumberField("caches", local.size());
            g.writeEndObject();
            g.writeObjectFieldStart("l2");
            writeRate(g, hits, misses);
            g.writeNumberField("keyspaces", stats.keyspaceCount());
            g.writeEndObject();
            g.writeObjectFieldStart("overall");
            writeRate(g, l1Hits + hits, l1Misses + misses);
            g.writeEndObject();
            g.writeEndObject();
            g.writeArrayFieldStart("l1");
            for (LocalCache c : l1) {
                writeLocal(g, c, window, now);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("clients");
            for (ClientView c : clients) {
                g.writeStartObject();
                g.writeStringField("client", c.name);
                writeTotals(g, c.hits, c.misses, c.operations, c.errors);
                g.writeArrayFieldStart("keyspaces");
                for (KeyspaceView k : c.keyspaces) {
                    writeKeyspace(g, k, window);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("servers");
            for (RedisServers.Server s : servers.list()) {
                JsonValues.write(g, s.describe());
            }
            g.writeEndArray();
            health.write(g, "health");
            g.writeEndObject();
        };
    }

    private static void writeTotals(JsonGenerator g, long hits, long misses, long ops, long errors) throws IOException {
        g.writeNumberField("hits", hits);
        g.writeNumberField("misses", misses);
        g.writeNumberField("hitRate", hitRate(hits, misses));
        g.writeNumberField("operations", ops);
        g.writeNumberField("errors", errors);
    }

    private static void writeRate(JsonGenerator g, long hits, long misses) throws IOException {
        g.writeNumberField("hits", hits);
        g.writeNumberField("misses", misses);
        g.writeNumberField("hitRate", hitRate(hits, misses));
    }

    private static void writeLocal(JsonGenerator g, LocalCache c, long window, long now) throws IOException {
        g.writeStartObject();
        g.writeStringField("cache", c.name);
        g.writeStringField("tier", LocalCaches.TIER);
        if (c.library >= 0) {
            g.writeStringField("library", LocalCache.LIBRARIES[c.library]);
        }
        writeRate(g, c.hits.sum(), c.misses.sum());
        g.writeNumberField("puts", c.puts.sum());
        g.writeNumberField("removals", c.removals.sum());
        g.writeNumberField("evictions", c.evictions.sum());
        g.writeNumberField("expirations", c.expirations.sum());
        long size = c.size();
        if (size >= 0) {
            g.writeNumberField("size", size);
        }
        Snapshot s = c.load.window(window, now);
        g.writeObjectFieldStart("load");
        g.writeStringField("unit", "ms");
        g.writeNumberField("total", c.load.lifetimeCount());
        g.writeNumberField("count", s.count());
        g.writeNumberField("avg", round3(s.count() == 0 ? 0 : s.meanMillis()));
        g.writeNumberField("p95", round3(s.count() == 0 ? 0 : s.p95()));
        g.writeNumberField("max", round3(s.count() == 0 ? 0 : s.maxMillis()));
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeKeyspace(JsonGenerator g, KeyspaceView k, long window) throws IOException {
        g.writeStartObject();
        g.writeStringField("keyspace", k.name);
        writeTotals(g, k.hits, k.misses, k.operations, k.errors);
        g.writeObjectFieldStart("operationsByCommand");
        for (Map.Entry<String, Long> e : k.byCommand.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("errorsByCommand");
        for (Map.Entry<String, Long> e : k.errorsByCommand.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        Snapshot s = Snapshot.of(k.latency, window);
        g.writeObjectFieldStart("latency");
        g.writeStringField("unit", "ms");
        g.writeNumberField("count", s.count());
        g.writeNumberField("min", round3(s.count() == 0 ? 0 : s.minMillis()));
        g.writeNumberField("avg", round3(s.count() == 0 ? 0 : s.meanMillis()));
        g.writeNumberField("p50", round3(s.count() == 0 ? 0 : s.p50()));
        g.writeNumberField("p95", round3(s.count() == 0 ? 0 : s.p95()));
        g.writeNumberField("p99", round3(s.count() == 0 ? 0 : s.p99()));
        g.writeNumberField("max", round3(s.count() == 0 ? 0 : s.maxMillis()));
        g.writeNumberField("timeWindow", window);
        g.writeEndObject();
        g.writeEndObject();
    }

    private List<ClientView> collect(String keyspaceFilter, String clientFilter, long window, long now) {
        Map<String, Map<String, Map<String, Long>>> ops = new HashMap<>();
        Map<String, Map<String, Histogram>> latency = new HashMap<>();
        stats.latency().forEach((labels, timer) -> {
            if (keyspaceFilter != null && !keyspaceFilter.equals(labels[1])) {
                return;
            }
            ops.computeIfAbsent(labels[0], c -> new HashMap<>()).computeIfAbsent(labels[1], k -> new TreeMap<>())
                    .merge(labels[2], timer.lifetimeCount(), Long::sum);
            Histogram h = latency.computeIfAbsent(labels[0], c -> new HashMap<>())
                    .computeIfAbsent(labels[1], k -> Timer.newHistogram());
            timer.addWindowTo(h, window, now);
        });
        Map<String, Map<String, Map<String, Long>>> errs = new HashMap<>();
        stats.errorsByCommand().forEach((labels, counter) -> {
            if (keyspaceFilter == null || keyspaceFilter.equals(labels[1])) {
                errs.computeIfAbsent(labels[0], c -> new HashMap<>()).computeIfAbsent(labels[1], k -> new TreeMap<>())
                        .merge(labels[2], counter.sum(), Long::sum);
            }
        });
        List<ClientView> clients = new ArrayList<>();
        for (int c = 0; c < CacheStats.CLIENTS.length; c++) {
            String name = CacheStats.CLIENTS[c];
            if (!"all".equals(clientFilter) && !clientFilter.equals(name)) {
                continue;
            }
            ClientView view = new ClientView(name);
            for (Keyspace k : stats.keyspaces()) {
                if (keyspaceFilter != null && !keyspaceFilter.equals(k.name)) {
                    continue;
                }
                KeyspaceView kv = new KeyspaceView(k.name);
                kv.hits = k.hits[c].sum();
                kv.misses = k.misses[c].sum();
                kv.operations = k.operations[c].sum();
                kv.errors = k.errors[c].sum();
                if (kv.hits + kv.misses + kv.operations == 0) {
                    continue;
                }
                kv.byCommand = ops.getOrDefault(name, Map.of()).getOrDefault(k.name, new TreeMap<>());
                kv.errorsByCommand = errs.getOrDefault(name, Map.of()).getOrDefault(k.name, new TreeMap<>());
                Histogram h = latency.getOrDefault(name, Map.of()).get(k.name);
                kv.latency = h != null ? h : Timer.newHistogram();
                view.keyspaces.add(kv);
                view.hits += kv.hits;
                view.misses += kv.misses;
                view.operations += kv.operations;
                view.errors += kv.errors;
            }
            if (!view.keyspaces.isEmpty()) {
                view.keyspaces.sort((a, b) -> Long.compare(b.operations + b.hits + b.misses, a.operations + a.hits + a.misses));
                clients.add(view);
            }
        }
        return clients;
    }

    static double hitRate(long hits, long misses) {
        long total = hits + misses;
        return total == 0 ? 0.0 : Math.round(hits * 1000.0 / total) / 10.0;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static final class ClientView {
        final String name;
        final List<KeyspaceView> keyspaces = new ArrayList<>();
        long hits;
        long misses;
        long operations;
        long errors;

        ClientView(String name) {
            this.name = name;
        }
    }

    private static final class KeyspaceView {
        final String name;
        long hits;
        long misses;
        long operations;
        long errors;
        Map<String, Long> byCommand;
        Map<String, Long> errorsByCommand;
        Histogram latency;

        KeyspaceView(String name) {
            this.name = name;
        }
    }
}
