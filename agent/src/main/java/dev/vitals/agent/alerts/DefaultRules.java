package dev.vitals.agent.alerts;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.jvm.LeakAnalysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules that exist out of the box, built from configuration at every start:
 * <ul>
 *   <li>three defaults (response time &gt; 1000 ms for 5 min with a 30 min cooldown, error rate &gt; 5 %
 *       for 3 min / 15 min, memory &gt; 90 % for 10 min / 1 h);</li>
 *   <li>levels: p95 &gt; 1000 / 2000 ms, error rate &gt; 5 / 10 %, heap &gt; 512 / 768 MB as warning and
 *       critical, and the emergencies: memory above 90 %, several dependencies down at once, the primary
 *       (critical) database unreachable;</li>
 *   <li>a memory-leak alert: heap after GC growing faster than {@code memory.leak.rate} MB/min
 *       over {@code memory.leak.window};</li>
 *   <li>database, cache and breakers, so that an application without Prometheus hears of them too (the thresholds
 *       of {@code deploy/prometheus/vitals-alerts.yml} where a rule exists there): connections timing out in a
 *       pool (exhausted), more than 5 requests waiting for a connection for 2 min, an average connection wait over
 *       100 ms for 5 min, more than 10 slow statements in the window for 5 min, a cache hit rate under 80 % for
 *       15 min, a circuit breaker open for 1 min.</li>
 * </ul>
 * A default changed or deleted through the API is stored and wins over the configuration from then on.
 */
final class DefaultRules {
    private DefaultRules() {
    }

    static List<AlertRule> build(Config config, long now) {
        List<AlertRule> out = new ArrayList<>();
        double rtWarning = config.get(Keys.ALERTS_RESPONSE_WARNING);
        double rtCritical = config.get(Keys.ALERTS_RESPONSE_CRITICAL);
        double erWarning = config.get(Keys.ALERTS_ERROR_RATE_WARNING);
        double erCritical = config.get(Keys.ALERTS_ERROR_RATE_CRITICAL);
        double memWarning = config.get(Keys.ALERTS_MEMORY_WARNING) / (1024.0 * 1024.0);
        double memCritical = config.get(Keys.ALERTS_MEMORY_CRITICAL) / (1024.0 * 1024.0);
        int dependencies = config.get(Keys.ALERTS_EMERGENCY_DEPENDENCIES);
        out.add(rule("default-high-response-time", "High Response Time", "response_time", rtWarning, 300, 1800,
                Severity.WARNING, "P95 response time over " + fmt(rtWarning) + " ms", now));
        out.add(rule("default-critical-response-time", "Critical Response Time", "response_time", rtCritical, 300, 1800,
                Severity.CRITICAL, "P95 response time over " + fmt(rtCritical) + " ms", now));
        out.add(rule("default-high-error-rate", "High Error Rate", "error_rate", erWarning, 180, 900,
                Severity.WARNING, "error rate over " + fmt(erWarning) + " %", now));
        out.add(rule("default-critical-error-rate", "Critical Error Rate", "error_rate", erCritical, 180, 900,
                Severity.CRITICAL, "error rate over " + fmt(erCritical) + " %", now));
        out.add(rule("default-high-memory", "High Memory Used", "memory_used", memWarning, 600, 3600,
                Severity.WARNING, "heap used over " + fmt(memWarning) + " MB", now));
        out.add(rule("default-critical-memory", "Critical Memory Used", "memory_used", memCritical, 600, 3600,
                Severity.CRITICAL, "heap used over " + fmt(memCritical) + " MB", now));
        out.add(rule("default-high-memory-usage", "High Memory Usage", "memory_usage",
                config.get(Keys.ALERTS_MEMORY_PERCENT), 600, 3600, Severity.EMERGENCY,
                "heap used over " + fmt(config.get(Keys.ALERTS_MEMORY_PERCENT)) + " % of its maximum", now));
        double leakRate = LeakAnalysis.thresholdMbPerMinute(config);
        out.add(rule("default-memory-leak", "Memory Leak Suspected", "memory_leak_rate", leakRate, 0, 3600,
                Severity.CRITICAL, "heap used after GC growing faster than " + fmt(leakRate) + " MB/min over "
                        + LeakAnalysis.windowMillis(config) / 60_000 + " min", now));
        out.add(rule("default-services-down", "Multiple Services Down", "dependencies_down", dependencies - 0.5, 0, 900,
                Severity.EMERGENCY, dependencies + " or more dependencies unhealthy at once", now));
        out.add(rule("default-database-down", "Primary Database Unreachable", "critical_checks_down", 0.5, 0, 900,
                Severity.EMERGENCY, "a critical dependency (the primary database by default) is unhealthy", now));
        out.add(rule("default-pool-exhausted", "Connection Pool Exhausted", "db_client_connection_timeouts_total",
                Collections.emptyMap(), null, "rate", Condition.GREATER_THAN, 0, 0, 900, Severity.CRITICAL,
                "requests timed out waiting for a pooled connection", now));
        out.add(rule("default-pool-waiting", "Connection Pool Waiting", "db_client_connection_pending_requests",
                Collections.emptyMap(), null, "max", Condition.GREATER_THAN, 5, 120, 900, Severity.WARNING,
                "more than 5 requests waiting for a connection in one pool", now));
        out.add(rule("default-pool-wait-time", "Slow Connection Acquisition", "db_client_connection_wait_time_seconds_sum",
                Collections.emptyMap(), "db_client_connection_wait_time_seconds_count", "rate", Condition.GREATER_THAN,
                0.1, 300, 1800, Severity.WARNING, "average wait for a pooled connection over 100 ms", now));
        out.add(rule("default-slow-queries", "Slow Queries", "slow_queries", Collections.emptyMap(), null, null,
                Condition.GREATER_THAN, 10, 300, 1800, Severity.WARNING,
                "more than 10 statements slower than database.slow.threshold in the window", now));
        out.add(rule("default-low-cache-hit-rate", "Low Cache Hit Rate", "vitals_cache_requests_total",
                Collections.singletonMap("result", "hit"), "vitals_cache_requests_total", "rate", Condition.LESS_THAN,
                0.8, 900, 3600, Severity.INFO, "cache hit rate under 80 %", now));
        out.add(rule("default-circuit-breaker-open", "Circuit Breaker Open", "vitals_circuit_breaker_state",
                Collections.singletonMap("state", "open"), null, "max", Condition.GREATER_THAN, 0.5, 60, 900,
                Severity.CRITICAL, "a circuit breaker is open: calls to its service fail fast", now));
        return out;
    }

    private static AlertRule rule(String id, String name, String metric, double threshold, long durationSeconds,
                                  long cooldownSeconds, Severity severity, String description, long now) {
        return rule(id, name, metric, Collections.emptyMap(), null, null, Condition.GREATER_THAN, threshold,
                durationSeconds, cooldownSeconds, severity, description, now);
    }

    /** A rule on any subject: {@code matchers} on its series, a {@code denominator} for a ratio, an aggregation. */
    private static AlertRule rule(String id, String name, String metric, Map<String, String> matchers,
                                  String denominator, String aggregation, Condition condition, double threshold,
                                  long durationSeconds, long cooldownSeconds, Severity severity, String description,
                                  long now) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("category", new AlertRule(id, name, null, metric, null, Collections.emptyMap(), null,
                Collections.emptyMap(), null, condition, threshold, 0, 0, severity, Collections.emptyMap(),
                Collections.emptyList(), true, AlertRule.SOURCE_DEFAULT, now, now).category());
        return new AlertRule(id, name, description, metric, null, new LinkedHashMap<>(matchers), denominator,
                new LinkedHashMap<>(), aggregation, condition, threshold, durationSeconds * 1000,
                cooldownSeconds * 1000, severity, labels, new ArrayList<>(), true, AlertRule.SOURCE_DEFAULT, now, now);
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
