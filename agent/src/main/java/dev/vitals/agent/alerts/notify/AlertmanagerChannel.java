package dev.vitals.agent.alerts.notify;

import dev.vitals.agent.alerts.Alert;
import dev.vitals.exporter.Json;

import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;

/**
 * Alertmanager's API v2: {@code POST <base>/api/v2/alerts} with an array of one alert ({@code labels},
 * {@code annotations}, {@code startsAt}, {@code endsAt}, {@code generatorURL}).
 *
 * <p>Like Prometheus, Vitals re-sends a firing alert every {@code alerts.alertmanager.resend} ({@code SYNC}
 * events) with {@code endsAt} set four resend intervals ahead: if the agent dies, Alertmanager resolves the
 * alert by itself instead of keeping it forever. On resolution {@code endsAt} is the resolution time.
 * Acknowledged alerts are still sent: Alertmanager's silences, not Vitals, decide what it routes.
 */
public final class AlertmanagerChannel implements Channel {
    private final URI uri;
    private final long resendMillis;
    private final HttpPoster poster;

    public AlertmanagerChannel(URI base, long resendMillis, long timeoutMillis) {
        String b = base.toString();
        this.uri = URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/api/v2/alerts");
        this.resendMillis = resendMillis;
        this.poster = new HttpPoster(timeoutMillis);
    }

    @Override
    public String name() {
        return "alertmanager";
    }

    @Override
    public boolean accepts(Notification n) {
        return true;
    }

    @Override
    public void deliver(Notification n) throws Exception {
        poster.post(uri, body(n, resendMillis), Collections.emptyMap());
    }

    static byte[] body(Notification n, long resendMillis) throws Exception {
        Alert a = n.alert;
        long endsAt = n.kind == Notification.Kind.RESOLVED
                ? (a.resolvedAt() > 0 ? a.resolvedAt() : n.timestamp) : n.timestamp + 4 * resendMillis;
        return Json.toBytes(g -> {
            g.writeStartArray();
            g.writeStartObject();
            g.writeObjectFieldStart("labels");
            g.writeStringField("alertname", a.ruleName());
            g.writeStringField("severity", a.severity().label());
            g.writeStringField("service", n.service);
            g.writeStringField("environment", n.environment);
            g.writeStringField("rule_id", a.ruleId());
            for (Map.Entry<String, String> l : a.labels().entrySet()) {
                if (!l.getKey().equals("alertname") && !l.getKey().equals("severity")) {
                    g.writeStringField(l.getKey(), l.getValue());
                }
            }
            g.writeEndObject();
            g.writeObjectFieldStart("annotations");
            g.writeStringField("summary", a.ruleName());
            g.writeStringField("description", a.message());
            g.writeStringField("value", SlackChannel.format(a.value()));
            g.writeStringField("threshold", SlackChannel.format(a.threshold()));
            g.writeStringField("alert_id", a.id());
            g.writeEndObject();
            g.writeStringField("startsAt", Instant.ofEpochMilli(a.startsAt()).toString());
            g.writeStringField("endsAt", Instant.ofEpochMilli(endsAt).toString());
            g.writeStringField("generatorURL", n.generatorUrl);
            g.writeEndObject();
            g.writeEndArray();
        });
    }
}
