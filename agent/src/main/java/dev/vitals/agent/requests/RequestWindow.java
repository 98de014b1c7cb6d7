package dev.vitals.agent.requests;

import dev.vitals.agent.web.RouteView;
import dev.vitals.agent.metrics.Timer;
import dev.vitals.agent.metrics.TimerFamily;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One window's request figures, merged from the (method, route, status, error type) timers: overall, per route and per
 * status. Built per endpoint call on the reader's thread; one scratch histogram is reused for every route,
 * so reading costs no memory per route beyond the small {@link Figures}.
 *
 * <p>Immutable once built; not shared between threads.
 */
final class RequestWindow {
    /** The figures of one merged histogram, in milliseconds (HdrHistogram's, as in {@code Snapshot}). */
    static final class Figures {
        final long count;
        final double mean;
        final double min;
        final double max;
        final double p50;
        final double p95;
        final double p99;

        Figures(Histogram h) {
            count = h.getTotalCount();
            boolean empty = count == 0;
            mean = empty ? 0 : h.getMean() / 1_000.0;
            min = empty ? 0 : h.getMinNonZeroValue() / 1_000.0;
            max = empty ? 0 : h.getMaxValue() / 1_000.0;
            p50 = empty ? 0 : h.getValueAtPercentile(50) / 1_000.0;
            p95 = empty ? 0 : h.getValueAtPercentile(95) / 1_000.0;
            p99 = empty ? 0 : h.getValueAtPercentile(99) / 1_000.0;
        }
    }

    /** One route's figures and its count per status label. */
    static final class Route {
        final String method;
        final String path;
        final Figures figures;
        final Map<String, Long> byStatus;
        /** Requests per error type other than none: exception classes and 5xx statuses. */
        final Map<String, Long> byErrorType;
        final long errors;

        Route(String method, String path, Figures figures, Map<String, Long> byStatus, Map<String, Long> byErrorType) {
            this.method = method;
            this.path = path;
            this.figures = figures;
            this.byStatus = byStatus;
            this.byErrorType = byErrorType;
            long e = 0;
            for (Map.Entry<String, Long> s : byStatus.entrySet()) {
                if (RouteView.isError(s.getKey())) {
                    e += s.getValue();
                }
            }
            this.errors = e;
        }

        /** The route as responses show it, over {@code windowMillis}. */
        RouteView view(long windowMillis, double requestsPerMinute) {
            Figures f = figures;
            return new RouteView(method, path, f.count, f.mean, f.min, f.max, f.p50, f.p95, f.p99, errors, byStatus,
                    byErrorType, requestsPerMinute, windowMillis);
        }
    }

    final long windowMillis;
    final Figures all;
    final long errors;
    final Map<String, Long> errorsByStatus = new TreeMap<>();
    /** Requests per error type other than none, over every route. */
    final Map<String, Long> errorsByType = new TreeMap<>();
    /** Routes with requests in the window, busiest first. */
    final List<Route> routes = new ArrayList<>();

    /**
     * @param onlyMethod with {@code onlyPath}, restricts the figures to one route; null for all routes
     */
    RequestWindow(TimerFamily byStatus, long windowMillis, long nowMillis, String onlyMethod, String onlyPath) {
        this.windowMillis = windowMillis;
        Map<String, List<Series>> seriesByRoute = new LinkedHashMap<>();
        byStatus.forEach((labels, timer) -> {
            if (onlyMethod == null || (onlyMethod.equals(labels[0]) && onlyPath.equals(labels[1]))) {
                seriesByRoute.computeIfAbsent(labels[0] + ' ' + labels[1], k -> new ArrayList<>())
                        .add(new Series(labels, timer));
            }
        });
        Histogram total = Timer.newHistogram();
        Histogram scratch = Timer.newHistogram();
        long errorCount = 0;
        for (List<Series> series : seriesByRoute.values()) {
            scratch.reset();
            Map<String, Long> statuses = new TreeMap<>();
            Map<String, Long> errorTypes = new TreeMap<>();
            String[] first = series.get(0).labels;
            for (Series s : series) {
                String status = s.labels[2];
                long before = scratch.getTotalCount();
                s.timer.addWindowTo(scratch, windowMillis, nowMillis);
                long n = scratch.getTotalCount() - before;
                if (n > 0) {
                    statuses.merge(status, n, Long::sum);
                    String errorType = s.labels[3];
                    if (!ErrorTypes.NONE.equals(errorType)) {
                        errorTypes.merge(errorType, n, Long::sum);
                        errorsByType.merge(errorType, n, Long::sum);
                    }
                    if (RouteView.isError(status)) {
                        errorCount += n;
                        errorsByStatus.merge(status, n, Long::sum);
                    }
                }
            }
            if (scratch.getTotalCount() > 0) {
                total.add(scratch);
                routes.add(new Route(first[0], first[1], new Figures(scratch), statuses, errorTypes));
            }
        }
        this.all = new Figures(total);
        this.errors = errorCount;
        routes.sort((a, b) -> Long.compare(b.figures.count, a.figures.count));
    }

    private static final class Series {
        final String[] labels;
        final Timer timer;

        Series(String[] labels, Timer timer) {
            this.labels = labels;
            this.timer = timer;
        }
    }
}
