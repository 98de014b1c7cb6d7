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
 *       over {@code memory.leak.window}.</li>
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
        return out;
    }

    private static AlertRule rule(String id, String name, String metric, double threshold, long durationSeconds,
                                  long cooldownSeconds, Severity severity, String description, long now) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("category", new AlertRule(id, name, null, metric, null, Collections.emptyMap(), null,
                Collections.emptyMap(), null, Condition.GREATER_THAN, threshold, 0, 0, severity, Collections.emptyMap(),
                Collections.emptyList(), true, AlertRule.SOURCE_DEFAULT, now, now).category());
        return new AlertRule(id, name, description, metric, null, new LinkedHashMap<>(), null, new LinkedHashMap<>(),
                null, Condition.GREATER_THAN, threshold, durationSeconds * 1000, cooldownSeconds * 1000, severity,
                labels, new ArrayList<>(), true, AlertRule.SOURCE_DEFAULT, now, now);
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
