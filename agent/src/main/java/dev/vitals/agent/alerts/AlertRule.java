package dev.vitals.agent.alerts;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.web.JsonValues;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One alert rule: its fields ({@code name}, {@code metricType}, {@code condition}, {@code threshold},
 * {@code duration} and {@code cooldownPeriod} in seconds, {@code enabled}, {@code recipients}) plus
 * {@code severity}, {@code labels}, and the subject refinements {@code route}, {@code matchers},
 * {@code denominator} and {@code aggregation} (see {@link Subjects}).
 *
 * <p>Immutable: an update replaces the rule. Built only by {@link RuleParser}, which validates every field.
 */
public final class AlertRule {
    /** Rules that come from configuration ({@link DefaultRules}) and rules posted through the API. */
    static final String SOURCE_DEFAULT = "default";
    static final String SOURCE_API = "api";

    final String id;
    final String name;
    final String description;
    final String metric;
    final String route;
    final Map<String, String> matchers;
    final String denominator;
    final Map<String, String> denominatorMatchers;
    final String aggregation;
    final Condition condition;
    final double threshold;
    final long durationMillis;
    final long cooldownMillis;
    final Severity severity;
    final Map<String, String> labels;
    final List<String> recipients;
    final boolean enabled;
    final String source;
    final long createdAt;
    final long updatedAt;
    /**
     * What the rule watches (metric, route, matchers, denominator): a more severe rule's active alert on the same
     * subject holds this rule's notifications back.
     */
    final String subject;

    AlertRule(String id, String name, String description, String metric, String route, Map<String, String> matchers,
              String denominator, Map<String, String> denominatorMatchers, String aggregation, Condition condition,
              double threshold, long durationMillis, long cooldownMillis, Severity severity, Map<String, String> labels,
              List<String> recipients, boolean enabled, String source, long createdAt, long updatedAt) {
        this.id = id;
        this.name = name;
        this.description = description;
        this.metric = metric;
        this.route = route;
        this.matchers = Collections.unmodifiableMap(matchers);
        this.denominator = denominator;
        this.denominatorMatchers = Collections.unmodifiableMap(denominatorMatchers);
        this.aggregation = aggregation;
        this.condition = condition;
        this.threshold = threshold;
        this.durationMillis = durationMillis;
        this.cooldownMillis = cooldownMillis;
        this.severity = severity;
        this.labels = Collections.unmodifiableMap(labels);
        this.recipients = Collections.unmodifiableList(recipients);
        this.enabled = enabled;
        this.source = source;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.subject = metric + "|" + route + "|" + new java.util.TreeMap<>(matchers) + "|" + denominator + "|"
                + new java.util.TreeMap<>(denominatorMatchers);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Severity severity() {
        return severity;
    }

    public boolean enabled() {
        return enabled;
    }

    /** The alert's {@code type}: what the rule watches, for grouping in the dashboard. */
    String category() {
        String m = metric;
        if (m.startsWith("response_time") || m.equals("requests_per_minute")) {
            return "performance";
        }
        if (m.equals("error_rate")) {
            return "errors";
        }
        if (m.startsWith("memory") || m.startsWith("gc_") || m.startsWith("jvm_") || m.startsWith("db_client_connection")) {
            return "resources";
        }
        if (m.equals("health_status") || m.equals("dependencies_down") || m.equals("critical_checks_down")
                || m.startsWith("vitals_health") || m.startsWith("vitals_circuit")) {
            return "availability";
        }
        return Subjects.isBuiltIn(m) ? "performance" : "metric";
    }

    /** The rule as the API shows it and as it is stored; {@link RuleParser#parse} reads this shape back. */
    void write(JsonGenerator g) throws IOException {
        write(g, null);
    }

    /** {@link #write(JsonGenerator)} with the rule's evaluation {@code state} when not null. */
    void write(JsonGenerator g, String state) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("name", name);
        if (description != null) {
            g.writeStringField("description", description);
        }
        g.writeStringField("metricType", metric);
        if (route != null) {
            g.writeStringField("route", route);
        }
        if (!matchers.isEmpty()) {
            g.writeFieldName("matchers");
            JsonValues.write(g, matchers);
        }
        if (denominator != null) {
            g.writeObjectFieldStart("denominator");
            g.writeStringField("metricType", denominator);
            if (!denominatorMatchers.isEmpty()) {
                g.writeFieldName("matchers");
                JsonValues.write(g, denominatorMatchers);
            }
            g.writeEndObject();
        }
        if (aggregation != null) {
            g.writeStringField("aggregation", aggregation);
        }
        g.writeStringField("condition", condition.label());
        g.writeNumberField("threshold", threshold);
        writeSeconds(g, "duration", durationMillis);
        writeSeconds(g, "cooldownPeriod", cooldownMillis);
        g.writeBooleanField("enabled", enabled);
        g.writeStringField("severity", severity.label());
        g.writeFieldName("labels");
        JsonValues.write(g, labels);
        g.writeFieldName("recipients");
        JsonValues.write(g, recipients);
        g.writeStringField("source", source);
        g.writeNumberField("createdAt", createdAt);
        g.writeNumberField("updatedAt", updatedAt);
        if (state != null) {
            g.writeStringField("state", state);
        }
        g.writeEndObject();
    }

    private static void writeSeconds(JsonGenerator g, String field, long millis) throws IOException {
        if (millis % 1000 == 0) {
            g.writeNumberField(field, millis / 1000);
        } else {
            g.writeNumberField(field, millis / 1000.0);
        }
    }
}
