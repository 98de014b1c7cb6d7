package dev.vitals.agent.alerts;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Custom metrics ({@code POST /metrics/custom}): recent values per metric type, for
 * {@code GET /metrics/realtime} and for alert rules on them.
 *
 * <p>Bounded twice: at most {@value #MAX_TYPES} metric types (later types are refused, so a client sending
 * random names cannot grow the heap) and at most {@value #MAX_POINTS} points per type (the oldest go).
 * Thread-safe: every method synchronizes on this; the lists are small.
 */
final class CustomMetrics {
    static final int MAX_TYPES = 100;
    static final int MAX_POINTS = 1000;

    /** One recorded value. */
    static final class Point {
        final String type;
        final double value;
        final String unit;
        final Map<String, String> tags;
        final long timestamp;

        Point(String type, double value, String unit, Map<String, String> tags, long timestamp) {
            this.type = type;
            this.value = value;
            this.unit = unit;
            this.tags = Collections.unmodifiableMap(tags);
            this.timestamp = timestamp;
        }
    }

    private final Map<String, Deque<Point>> byType = new LinkedHashMap<>();

    /** Adds a point; {@code false} when the type is new and the type cap is reached. */
    synchronized boolean record(Point p) {
        Deque<Point> points = byType.get(p.type);
        if (points == null) {
            if (byType.size() >= MAX_TYPES) {
                return false;
            }
            points = new ArrayDeque<>();
            byType.put(p.type, points);
        }
        if (points.size() >= MAX_POINTS) {
            points.removeFirst();
        }
        points.addLast(p);
        return true;
    }

    synchronized boolean has(String type) {
        return byType.containsKey(type);
    }

    synchronized List<String> types() {
        return new ArrayList<>(byType.keySet());
    }

    /** The type's points with a timestamp after {@code sinceMillis}, oldest first (newest {@code limit}). */
    synchronized List<Point> since(String type, long sinceMillis, int limit) {
        Deque<Point> points = byType.get(type);
        List<Point> out = new ArrayList<>();
        if (points == null) {
            return out;
        }
        for (Point p : points) {
            if (p.timestamp > sinceMillis) {
                out.add(p);
            }
        }
        return out.size() > limit ? new ArrayList<>(out.subList(out.size() - limit, out.size())) : out;
    }

    /** The aggregate of the type's values in the window matching {@code tags}; NaN when none. */
    synchronized double aggregate(String type, Map<String, String> tags, String aggregation, long sinceMillis) {
        Deque<Point> points = byType.get(type);
        if (points == null) {
            return Double.NaN;
        }
        Aggregator a = new Aggregator(aggregation == null ? "last" : aggregation);
        for (Point p : points) {
            if (p.timestamp > sinceMillis && Subjects.matches(p.tags, tags)) {
                a.add(p.value);
            }
        }
        return a.result();
    }
}
