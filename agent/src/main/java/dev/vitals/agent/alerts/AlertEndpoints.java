package dev.vitals.agent.alerts;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.web.EndpointGroup;
import dev.vitals.agent.web.JsonValues;
import dev.vitals.exporter.Access;
import dev.vitals.exporter.HttpError;
import dev.vitals.exporter.HttpExporter;
import dev.vitals.exporter.Request;
import dev.vitals.exporter.Response;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alert endpoints: {@code GET /health/alerts} (active alerts in the summary shape, plus the configured
 * thresholds), {@code GET/POST /alerts/rules}, {@code PUT/DELETE /alerts/rules/{id}}, {@code GET /alerts/active},
 * {@code GET /alerts/history?limit=}, {@code POST /alerts/{id}/acknowledge|resolve}, and custom metrics:
 * {@code POST /metrics/custom}, {@code GET /metrics/realtime?types=}. Writes are protected.
 */
final class AlertEndpoints implements EndpointGroup {
    static final int MAX_HISTORY = 1000;
    static final int MAX_REALTIME_POINTS = 100;
    /** 9999-12-31T23:59:59.999Z: later instants are typos, and far ones overflow epoch milliseconds. */
    private static final long LATEST_TIMESTAMP_MILLIS = 253_402_300_799_999L;

    private final AlertEngine engine;

    AlertEndpoints(AlertEngine engine) {
        this.engine = engine;
    }

    AlertEngine engine() {
        return engine;
    }

    @Override
    public void register(HttpExporter.Builder http) {
        http.route("GET", "/health/alerts", Access.PROTECTED, this::healthAlerts);
        http.route("GET", "/alerts/rules", Access.PROTECTED, this::listRules);
        http.route("POST", "/alerts/rules", Access.PROTECTED, this::createRule);
        http.route("GET", "/alerts/rules/{id}", Access.PROTECTED, this::getRule);
        http.route("PUT", "/alerts/rules/{id}", Access.PROTECTED, this::updateRule);
        http.route("DELETE", "/alerts/rules/{id}", Access.PROTECTED, this::deleteRule);
        http.route("GET", "/alerts/active", Access.PROTECTED, this::active);
        http.route("GET", "/alerts/history", Access.PROTECTED, this::history);
        http.route("POST", "/alerts/{id}/acknowledge", Access.PROTECTED, this::acknowledge);
        http.route("POST", "/alerts/{id}/resolve", Access.PROTECTED, this::resolve);
        http.route("POST", "/metrics/custom", Access.PROTECTED, this::recordCustom);
        http.route("GET", "/metrics/realtime", Access.PROTECTED, this::realtime);
    }

    private Response healthAlerts(Request request) {
        List<Alert> active = engine.active();
        long now = System.currentTimeMillis();
        return Response.json(g -> {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.ofEpochMilli(now).toString());
            g.writeArrayFieldStart("alerts");
            for (Alert a : active) {
                AlertView.write(g, a, AlertView.Shape.SUMMARY);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("thresholds");
            for (Map.Entry<String, double[]> t : engine.thresholds().entrySet()) {
                g.writeObjectFieldStart(t.getKey());
                g.writeFieldName("warning");
                JsonValues.write(g, t.getValue()[0]);
                g.writeFieldName("critical");
                JsonValues.write(g, t.getValue()[1]);
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private Response listRules(Request request) {
        List<AlertRule> rules = engine.rules();
        return Response.json(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("rules");
            for (AlertRule r : rules) {
                writeRuleWithState(g, r);
            }
            g.writeEndArray();
            g.writeNumberField("count", rules.size());
            g.writeEndObject();
        });
    }

    /** The rule plus its evaluation state: disabled, inactive, pending, firing or acknowledged. */
    private void writeRuleWithState(JsonGenerator g, AlertRule r) throws IOException {
        r.write(g, engine.ruleState(r.id));
    }

    private Response getRule(Request request) {
        AlertRule r = engine.rule(request.pathParam("id"));
        if (r == null) {
            throw HttpError.notFound("no alert rule with id '" + request.pathParam("id") + "'");
        }
        String state = engine.ruleState(r.id);
        double value = engine.lastValue(r.id);
        return Response.json(g -> {
            g.writeStartObject();
            g.writeFieldName("rule");
            r.write(g);
            g.writeStringField("state", state);
            g.writeFieldName("lastValue");
            JsonValues.write(g, value);
            g.writeEndObject();
        });
    }

    private Response createRule(Request request) {
        AlertRule rule = engine.create(JsonTree.parse(request.body()), System.currentTimeMillis());
        return Response.json(201, rule::write).header("Location", "/alerts/rules/" + rule.id);
    }

    private Response updateRule(Request request) {
        AlertRule rule = engine.update(request.pathParam("id"), JsonTree.parse(request.body()), System.currentTimeMillis());
        return Response.json(rule::write);
    }

    private Response deleteRule(Request request) {
        String id = request.pathParam("id");
        engine.delete(id, System.currentTimeMillis());
        return Response.json(g -> {
            g.writeStartObject();
            g.writeStringField("deleted", id);
            g.writeEndObject();
        });
    }

    private Response active(Request request) {
        List<Alert> active = engine.active();
        return Response.json(g -> {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.now().toString());
            g.writeArrayFieldStart("alerts");
            for (Alert a : active) {
                a.write(g);
            }
            g.writeEndArray();
            g.writeNumberField("count", active.size());
            g.writeEndObject();
        });
    }

    private Response history(Request request) {
        int limit = request.queryInt("limit", 50, 1, MAX_HISTORY);
        List<Alert> alerts = engine.history(limit);
        int total = engine.historySize();
        return Response.json(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("alerts");
            for (Alert a : alerts) {
                a.write(g);
            }
            g.writeEndArray();
            g.writeNumberField("count", alerts.size());
            g.writeNumberField("total", total);
            g.writeEndObject();
        });
    }

    private Response acknowledge(Request request) {
        Alert a = engine.acknowledge(request.pathParam("id"), System.currentTimeMillis());
        return Response.json(a::write);
    }

    private Response resolve(Request request) {
        Alert a = engine.resolveByApi(request.pathParam("id"), System.currentTimeMillis());
        return Response.json(a::write);
    }

    // ---- custom metrics ----

    private Response recordCustom(Request request) {
        Object doc = JsonTree.parse(request.body());
        List<Object> items = new ArrayList<>();
        if (doc instanceof List) {
            items.addAll((List<?>) doc);
            if (items.size() > CustomMetrics.MAX_POINTS) {
                throw HttpError.badRequest("body: at most " + CustomMetrics.MAX_POINTS + " metrics per request");
            }
        } else {
            items.add(doc);
        }
        List<CustomMetrics.Point> points = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < items.size(); i++) {
            points.add(point(items.get(i), prefix(doc, i), now));
        }
        int accepted = 0;
        for (CustomMetrics.Point p : points) {
            engine.custom().record(p, prefix(doc, accepted));
            accepted++;
        }
        int n = accepted;
        return Response.json(201, g -> {
            g.writeStartObject();
            g.writeNumberField("recorded", n);
            g.writeEndObject();
        });
    }

    private static String prefix(Object doc, int i) {
        return doc instanceof List ? "[" + i + "]." : "";
    }

    /**
     * One posted value. A name Vitals measures itself (e.g. {@code response_time}) is accepted: custom metrics
     * live apart, as {@code vitals_custom_*} in Prometheus and {@code custom:<name>} in rules.
     */
    private static CustomMetrics.Point point(Object o, String prefix, long now) {
        if (!(o instanceof Map)) {
            throw HttpError.badRequest(prefix + "body: expected an object {metricType, value, unit, tags, timestamp, kind}");
        }
        Map<?, ?> m = (Map<?, ?>) o;
        for (Object k : m.keySet()) {
            if (!"metricType".equals(k) && !"value".equals(k) && !"unit".equals(k) && !"tags".equals(k)
                    && !"timestamp".equals(k) && !"kind".equals(k)) {
                throw HttpError.badRequest(prefix + k + ": unknown field; a metric has metricType, value, unit, tags, "
                        + "timestamp, kind");
            }
        }
        Object type = m.get("metricType");
        if (!(type instanceof String) || !CustomMetrics.POSTED_NAME.matcher((String) type).matches()) {
            throw HttpError.badRequest(prefix + "metricType: required, a name of letters, digits, '_', '.', ':' or '-' "
                    + "(at most 100); got " + RuleParser.describe(type));
        }
        Object kindLabel = m.get("kind");
        CustomMetrics.Kind kind = kindLabel instanceof String ? CustomMetrics.Kind.of((String) kindLabel) : null;
        if (kindLabel != null && kind == null) {
            throw HttpError.badRequest(prefix + "kind: must be counter, gauge or histogram; got " + RuleParser.describe(kindLabel));
        }
        Object value = m.get("value");
        if (!(value instanceof Double) || ((Double) value).isNaN() || ((Double) value).isInfinite()) {
            throw HttpError.badRequest(prefix + "value: required, a finite number; got " + RuleParser.describe(value));
        }
        Object unit = m.get("unit");
        if (unit != null && (!(unit instanceof String) || ((String) unit).length() > 32)) {
            throw HttpError.badRequest(prefix + "unit: must be a string of at most 32 characters; got " + RuleParser.describe(unit));
        }
        Map<String, String> tags = new LinkedHashMap<>();
        Object t = m.get("tags");
        if (t != null) {
            if (!(t instanceof Map) || ((Map<?, ?>) t).size() > CustomMetrics.MAX_TAGS) {
                throw HttpError.badRequest(prefix + "tags: must be an object of at most " + CustomMetrics.MAX_TAGS
                        + " string values (they become Prometheus labels)");
            }
            for (Map.Entry<?, ?> e : ((Map<?, ?>) t).entrySet()) {
                if (!(e.getValue() instanceof String) || ((String) e.getValue()).length() > 200) {
                    throw HttpError.badRequest(prefix + "tags." + e.getKey() + ": must be a string of at most 200 characters");
                }
                tags.put((String) e.getKey(), (String) e.getValue());
            }
        }
        long timestamp = now;
        Object ts = m.get("timestamp");
        if (ts != null) {
            try {
                timestamp = Instant.parse(String.valueOf(ts)).toEpochMilli();
                if (timestamp < 0 || timestamp > LATEST_TIMESTAMP_MILLIS) {
                    throw new ArithmeticException("outside 1970-9999");
                }
            } catch (DateTimeParseException | ArithmeticException e) {
                // toEpochMilli overflows for instants such as +999999999-12-31T23:59:59Z.
                throw HttpError.badRequest(prefix + "timestamp: must be an ISO-8601 instant such as "
                        + "2024-01-15T10:30:00.000Z between 1970 and 9999; got " + RuleParser.describe(ts));
            }
        }
        return new CustomMetrics.Point((String) type, kind, (Double) value, unit == null ? "" : (String) unit, tags, timestamp);
    }

    private Response realtime(Request request) {
        String typesParam = request.query("types");
        List<String> types = new ArrayList<>();
        if (typesParam == null || typesParam.trim().isEmpty()) {
            for (String t : engine.custom().types()) {
                types.add(Subjects.isBuiltIn(t) ? CustomMetrics.RULE_PREFIX + t : t);
            }
            types.add(0, "error_rate");
            types.add(0, "response_time");
        } else {
            for (String t : typesParam.split(",")) {
                String type = t.trim();
                if (type.isEmpty()) {
                    continue;
                }
                if (!Subjects.isBuiltIn(type) && !engine.custom().has(type)) {
                    throw HttpError.badRequest("types: unknown metric type '" + type + "'; accepts "
                            + String.join(", ", Subjects.BUILT_IN.keySet()) + " or a recorded custom metric "
                            + engine.custom().types());
                }
                if (!types.contains(type)) {
                    types.add(type);
                }
            }
        }
        long now = System.currentTimeMillis();
        Subjects.Reading reading = engine.subjects().reading(now);
        long since = now - engine.subjects().windowMillis();
        return Response.json(g -> {
            g.writeStartObject();
            for (String type : types) {
                g.writeArrayFieldStart(type);
                if (Subjects.isBuiltIn(type)) {
                    AlertRule probe = new AlertRule("realtime", type, null, type, null, new LinkedHashMap<>(), null,
                            new LinkedHashMap<>(), null, Condition.GREATER_THAN, 0, 0, 0, Severity.INFO,
                            new LinkedHashMap<>(), new ArrayList<>(), true, AlertRule.SOURCE_API, now, now);
                    g.writeStartObject();
                    g.writeStringField("metricType", type);
                    g.writeFieldName("value");
                    JsonValues.write(g, Math.round(reading.value(probe) * 100) / 100.0);
                    g.writeStringField("unit", realtimeUnit(type));
                    g.writeStringField("timestamp", Instant.ofEpochMilli(now).toString());
                    g.writeEndObject();
                } else {
                    for (CustomMetrics.Point p : engine.custom().since(type, since, MAX_REALTIME_POINTS)) {
                        g.writeStartObject();
                        g.writeStringField("metricType", p.type);
                        g.writeNumberField("value", p.value);
                        g.writeStringField("unit", p.unit);
                        if (!p.tags.isEmpty()) {
                            g.writeFieldName("tags");
                            JsonValues.write(g, p.tags);
                        }
                        g.writeStringField("timestamp", Instant.ofEpochMilli(p.timestamp).toString());
                        g.writeEndObject();
                    }
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    private static String realtimeUnit(String type) {
        if (type.startsWith("response_time") || type.equals("gc_time")) {
            return "ms";
        }
        if (type.equals("error_rate") || type.equals("memory_usage")) {
            return "percent";
        }
        if (type.equals("memory_used")) {
            return "MB";
        }
        if (type.equals("requests_per_minute")) {
            return "per_minute";
        }
        if (type.equals("memory_leak_rate")) {
            return "MB_per_minute";
        }
        if (type.equals("health_status")) {
            return "state";
        }
        return "count";
    }
}
