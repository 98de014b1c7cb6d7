package dev.vitals.agent.database;

import dev.vitals.agent.metrics.SeriesFamily;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reduced statements of every data source ({@code /health/database/statements}), at most {@code limit} of them;
 * statements seen after that count in one {@code _other} entry per data source. Memory is bounded: a statement's
 * text is its reduced form (at most {@value SqlReducer#MAX_SANITIZED} characters, no literal), and each entry holds a
 * fixed-size histogram.
 *
 * <p>Looked up when a SQL text is resolved for a data source (once per distinct text, see
 * {@link DatabaseMetrics#resolve}); the entry is kept on the {@link Prepared}, so executing records into it directly.
 * Thread-safe.
 */
final class StatementTable {
    static final String OTHER_TEXT = "(other statements, past limits.statements)";

    private final ConcurrentHashMap<String, StatementStats> byKey = new ConcurrentHashMap<>();
    private final AtomicInteger tracked = new AtomicInteger();
    private final int limit;

    StatementTable(int limit) {
        this.limit = limit;
    }

    StatementStats get(String source, SqlReducer.Shape shape) {
        String key = source + '\n' + shape.sanitized;
        StatementStats s = byKey.get(key);
        if (s != null) {
            return s;
        }
        if (tracked.get() < limit) {
            StatementStats fresh = new StatementStats(source, shape.operation, shape.sanitized);
            StatementStats previous = byKey.putIfAbsent(key, fresh);
            if (previous != null) {
                return previous;
            }
            if (tracked.incrementAndGet() <= limit) {
                return fresh;
            }
            byKey.remove(key, fresh);
            tracked.decrementAndGet();
        }
        // Overflow entries are one per data source, and data sources are capped.
        return byKey.computeIfAbsent(source + '\n' + SeriesFamily.OTHER,
                k -> new StatementStats(source, SeriesFamily.OTHER, OTHER_TEXT));
    }

    /** Every entry, overflow ones included. */
    List<StatementStats> all() {
        return new ArrayList<>(byKey.values());
    }

    int limit() {
        return limit;
    }
}
