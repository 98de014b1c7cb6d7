package dev.vitals.agent.alerts;

import dev.vitals.exporter.HttpError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates a rule body field by field. Every refusal is a {@link HttpError} 400 whose detail starts with the
 * field's name and says what the field accepts, e.g. {@code duration: must be a number of seconds >= 0, got -5}.
 *
 * <p>POST needs {@code name}, {@code metricType}, {@code condition} and {@code threshold}; PUT takes any subset
 * and keeps the other fields of the rule it replaces (an update may send only {@code threshold} and
 * {@code enabled}).
 */
final class RuleParser {
    /** Seven days: a longer duration or cooldown is almost certainly a unit mistake (milliseconds for seconds). */
    static final double MAX_SECONDS = 7 * 24 * 3600;
    static final int MAX_LABELS = 20;
    static final int MAX_RECIPIENTS = 50;
    static final int MAX_TEXT = 1000;
    static final List<String> AGGREGATIONS = Arrays.asList("sum", "avg", "min", "max", "last", "count", "rate");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,99}");
    private static final List<String> FIELDS = Arrays.asList("id", "name", "description", "metricType", "metric",
            "route", "matchers", "denominator", "aggregation", "condition", "threshold", "duration", "cooldownPeriod",
            "enabled", "severity", "labels", "recipients", "source", "createdAt", "updatedAt");

    /** Says whether a metric can be a rule's subject: {@code null} when it can, else what is accepted. */
    interface MetricCheck {
        String problem(String metric, boolean hasRoute);
    }

    private RuleParser() {
    }

    /**
     * @param base the rule being replaced (PUT), or {@code null} for a new rule (POST, or loading from disk)
     * @param stored true when reading the agent's own file: {@code id}, {@code source} and timestamps are taken
     *               from the document, and the metric is not checked against what is exposed right now
     */
    static AlertRule parse(Object document, AlertRule base, boolean stored, String newId, long now, long defaultCooldownMillis,
                           MetricCheck check) {
        if (!(document instanceof Map)) {
            throw HttpError.badRequest("body: expected a JSON object with the rule's fields");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) document;
        for (String field : body.keySet()) {
            if (!FIELDS.contains(field)) {
                throw HttpError.badRequest(field + ": unknown field; a rule accepts " + String.join(", ", FIELDS.subList(1, 17)));
            }
        }
        if (body.containsKey("metric") && body.containsKey("metricType")) {
            throw HttpError.badRequest("metric: give metricType or its alias metric, not both");
        }
        String id = base != null ? base.id : stored ? string(body, "id", null, 200) : newId;
        if (id == null || id.isEmpty()) {
            throw HttpError.badRequest("id: missing");
        }
        String name = string(body, "name", base == null ? null : base.name, 200);
        if (name == null || name.trim().isEmpty()) {
            throw HttpError.badRequest("name: required, a non-empty string of at most 200 characters");
        }
        String description = string(body, "description", base == null ? null : base.description, MAX_TEXT);
        String metric = string(body, body.containsKey("metric") ? "metric" : "metricType", base == null ? null : base.metric, 200);
        if (metric == null || metric.isEmpty()) {
            throw HttpError.badRequest("metricType: required; " + Subjects.ACCEPTED);
        }
        String route = string(body, "route", base == null ? null : base.route, 500);
        if (route != null) {
            if (route.isEmpty()) {
                route = null;
            } else {
                int colon = route.indexOf(':');
                if (colon <= 0 || colon == route.length() - 1 || route.charAt(colon + 1) != '/') {
                    throw HttpError.badRequest("route: must be METHOD:/path, e.g. GET:/api/products/{id}; got '" + route + "'");
                }
            }
        }
        if (!stored) {
            String problem = check.problem(metric, route != null);
            if (problem != null) {
                throw HttpError.badRequest((body.containsKey("metric") ? "metric" : "metricType") + ": " + problem);
            }
        }
        Map<String, String> matchers = stringMap(body, "matchers", base == null ? new LinkedHashMap<>() : base.matchers);
        String denominator = base == null ? null : base.denominator;
        Map<String, String> denominatorMatchers = base == null ? new LinkedHashMap<>() : base.denominatorMatchers;
        if (body.containsKey("denominator")) {
            Object d = body.get("denominator");
            if (d == null) {
                denominator = null;
                denominatorMatchers = new LinkedHashMap<>();
            } else if (!(d instanceof Map)) {
                throw HttpError.badRequest("denominator: must be an object {\"metricType\": name, \"matchers\": {label: value}}");
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> dm = (Map<String, Object>) d;
                for (String f : dm.keySet()) {
                    if (!f.equals("metricType") && !f.equals("matchers")) {
                        throw HttpError.badRequest("denominator." + f + ": unknown field; accepts metricType, matchers");
                    }
                }
                denominator = string(dm, "metricType", null, 200);
                if (denominator == null || denominator.isEmpty()) {
                    throw HttpError.badRequest("denominator.metricType: required, a metric name");
                }
                if (!stored) {
                    String problem = check.problem(denominator, false);
                    if (problem != null) {
                        throw HttpError.badRequest("denominator.metricType: " + problem);
                    }
                }
                denominatorMatchers = stringMap(dm, "matchers", new LinkedHashMap<>());
            }
        }
        String aggregation = string(body, "aggregation", base == null ? null : base.aggregation, 10);
        if (aggregation != null && !AGGREGATIONS.contains(aggregation)) {
            throw HttpError.badRequest("aggregation: must be one of " + AGGREGATIONS + "; got '" + aggregation + "'");
        }
        String conditionLabel = string(body, "condition", base == null ? null : base.condition.label(), 50);
        Condition condition = conditionLabel == null ? null : Condition.of(conditionLabel);
        if (condition == null) {
            throw HttpError.badRequest("condition: required, one of greater_than, less_than, equals"
                    + (conditionLabel == null ? "" : "; got '" + conditionLabel + "'"));
        }
        Double threshold = number(body, "threshold", base == null ? null : base.threshold);
        if (threshold == null) {
            throw HttpError.badRequest("threshold: required, a finite number");
        }
        long duration = seconds(body, "duration", base == null ? 0 : base.durationMillis);
        long cooldown = seconds(body, "cooldownPeriod", base == null ? defaultCooldownMillis : base.cooldownMillis);
        boolean enabled = bool(body, "enabled", base == null || base.enabled);
        String severityLabel = string(body, "severity", base == null ? "warning" : base.severity.label(), 20);
        Severity severity = Severity.of(severityLabel);
        if (severity == null) {
            throw HttpError.badRequest("severity: must be one of info, warning, critical, emergency; got '" + severityLabel + "'");
        }
        Map<String, String> labels = stringMap(body, "labels", base == null ? new LinkedHashMap<>() : base.labels);
        if (labels.size() > MAX_LABELS) {
            throw HttpError.badRequest("labels: at most " + MAX_LABELS + " labels");
        }
        for (String label : labels.keySet()) {
            if (!LABEL_NAME.matcher(label).matches()) {
                throw HttpError.badRequest("labels: label name '" + label
                        + "' must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label names)");
            }
        }
        List<String> recipients = stringList(body, "recipients", base == null ? new ArrayList<>() : base.recipients);
        String source = base != null ? base.source : stored ? string(body, "source", AlertRule.SOURCE_API, 20) : AlertRule.SOURCE_API;
        long createdAt = base != null ? base.createdAt : stored ? (long) (double) number(body, "createdAt", (double) now) : now;
        long updatedAt = stored && base == null ? (long) (double) number(body, "updatedAt", (double) now) : now;
        return new AlertRule(id, name.trim(), description, metric, route, matchers, denominator, denominatorMatchers,
                aggregation, condition, threshold, duration, cooldown, severity, labels, recipients, enabled, source,
                createdAt, updatedAt);
    }

    private static String string(Map<String, Object> body, String field, String dflt, int maxLength) {
        if (!body.containsKey(field)) {
            return dflt;
        }
        Object v = body.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String)) {
            throw HttpError.badRequest(field + ": must be a string; got " + describe(v));
        }
        String s = (String) v;
        if (s.length() > maxLength) {
            throw HttpError.badRequest(field + ": at most " + maxLength + " characters; got " + s.length());
        }
        return s;
    }

    private static Double number(Map<String, Object> body, String field, Double dflt) {
        if (!body.containsKey(field)) {
            return dflt;
        }
        Object v = body.get(field);
        if (!(v instanceof Double) || Double.isInfinite((Double) v) || Double.isNaN((Double) v)) {
            throw HttpError.badRequest(field + ": must be a finite number; got " + describe(v));
        }
        return (Double) v;
    }

    private static long seconds(Map<String, Object> body, String field, long dfltMillis) {
        if (!body.containsKey(field)) {
            return dfltMillis;
        }
        Object v = body.get(field);
        if (!(v instanceof Double) || !((Double) v >= 0) || (Double) v > MAX_SECONDS) {
            throw HttpError.badRequest(field + ": must be a number of seconds from 0 to " + (long) MAX_SECONDS
                    + "; got " + describe(v));
        }
        return Math.round((Double) v * 1000);
    }

    private static boolean bool(Map<String, Object> body, String field, boolean dflt) {
        if (!body.containsKey(field)) {
            return dflt;
        }
        Object v = body.get(field);
        if (!(v instanceof Boolean)) {
            throw HttpError.badRequest(field + ": must be true or false; got " + describe(v));
        }
        return (Boolean) v;
    }

    private static Map<String, String> stringMap(Map<String, Object> body, String field, Map<String, String> dflt) {
        if (!body.containsKey(field)) {
            return new LinkedHashMap<>(dflt);
        }
        Object v = body.get(field);
        if (v == null) {
            return new LinkedHashMap<>();
        }
        if (!(v instanceof Map)) {
            throw HttpError.badRequest(field + ": must be an object of string values; got " + describe(v));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
            if (!(e.getValue() instanceof String) || ((String) e.getValue()).length() > MAX_TEXT) {
                throw HttpError.badRequest(field + "." + e.getKey() + ": must be a string of at most " + MAX_TEXT
                        + " characters; got " + describe(e.getValue()));
            }
            out.put((String) e.getKey(), (String) e.getValue());
        }
        if (out.size() > MAX_LABELS) {
            throw HttpError.badRequest(field + ": at most " + MAX_LABELS + " entries");
        }
        return out;
    }

    private static List<String> stringList(Map<String, Object> body, String field, List<String> dflt) {
        if (!body.containsKey(field)) {
            return new ArrayList<>(dflt);
        }
        Object v = body.get(field);
        if (v == null) {
            return new ArrayList<>();
        }
        if (!(v instanceof List)) {
            throw HttpError.badRequest(field + ": must be an array of strings; got " + describe(v));
        }
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
            if (!(o instanceof String) || ((String) o).isEmpty() || ((String) o).length() > 320) {
                throw HttpError.badRequest(field + ": every entry must be a non-empty string of at most 320 characters; got "
                        + describe(o));
            }
            out.add((String) o);
        }
        if (out.size() > MAX_RECIPIENTS) {
            throw HttpError.badRequest(field + ": at most " + MAX_RECIPIENTS + " entries");
        }
        return out;
    }

    static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            String s = (String) v;
            return "'" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "'";
        }
        if (v instanceof Double) {
            double d = (Double) v;
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        return String.valueOf(v);
    }
}
