package dev.vitals.agent.alerts.notify;

import dev.vitals.exporter.Json;

import java.net.URI;
import java.util.Collections;
import java.util.Locale;

/**
 * A Slack incoming webhook: {@code text} (the notification fallback) and {@code blocks} (a header, a section
 * with the figures, a context line), as https://api.slack.com/messaging/webhooks describes. The URL carries
 * Slack's token, so it is a secret and never logged.
 */
public final class SlackChannel implements Channel {
    private final URI uri;
    private final HttpPoster poster;

    public SlackChannel(URI uri, long timeoutMillis) {
        this.uri = uri;
        this.poster = new HttpPoster(timeoutMillis);
    }

    @Override
    public String name() {
        return "slack";
    }

    @Override
    public void deliver(Notification n) throws Exception {
        poster.post(uri, body(n), Collections.emptyMap());
    }

    static byte[] body(Notification n) throws Exception {
        String emoji = n.kind == Notification.Kind.RESOLVED ? ":white_check_mark:"
                : n.alert.severity().ordinal() >= 2 ? ":rotating_light:" : ":warning:";
        String figures = "*" + n.alert.metric() + "* is " + format(n.alert.value()) + " (" + n.alert.condition()
                + " " + format(n.alert.threshold()) + ")";
        return Json.toBytes(g -> {
            g.writeStartObject();
            g.writeStringField("text", emoji + " " + n.title() + ": " + n.alert.message());
            g.writeArrayFieldStart("blocks");
            g.writeStartObject();
            g.writeStringField("type", "header");
            g.writeObjectFieldStart("text");
            g.writeStringField("type", "plain_text");
            g.writeStringField("text", truncate(n.title(), 150));
            g.writeEndObject();
            g.writeEndObject();
            g.writeStartObject();
            g.writeStringField("type", "section");
            g.writeObjectFieldStart("text");
            g.writeStringField("type", "mrkdwn");
            g.writeStringField("text", emoji + " " + n.alert.message() + "\n" + figures);
            g.writeEndObject();
            g.writeEndObject();
            g.writeStartObject();
            g.writeStringField("type", "context");
            g.writeArrayFieldStart("elements");
            g.writeStartObject();
            g.writeStringField("type", "mrkdwn");
            g.writeStringField("text", "service " + n.service + " · " + n.environment + " · alert " + n.alert.id()
                    + " · <" + n.generatorUrl + "|active alerts>");
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
