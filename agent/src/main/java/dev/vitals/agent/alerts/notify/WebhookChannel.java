package dev.vitals.agent.alerts.notify;

import dev.vitals.exporter.Json;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The generic webhook: the alert as JSON, signed the Standard Webhooks way
 * (https://www.standardwebhooks.com/): headers {@code webhook-id}, {@code webhook-timestamp} (epoch seconds)
 * and {@code webhook-signature: v1,<base64 HMAC-SHA256 over "id.timestamp.body">}. A secret of the form
 * {@code whsec_<base64>} is decoded as the spec says; any other secret is used as its UTF-8 bytes. The id stays
 * the same across retries of one notification, so a receiver can de-duplicate.
 *
 * <p>Body: {@code {"type": "alert.firing|alert.repeat|alert.escalated|alert.resolved", "timestamp", "service", "environment",
 * "url", "recipients": [...], "alert": {...}}}.
 */
public final class WebhookChannel implements Channel {
    private final URI uri;
    private final byte[] key;
    private final HttpPoster poster;
    private final Map<Notification, String> ids = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    public WebhookChannel(URI uri, String secret, long timeoutMillis) {
        this.uri = uri;
        this.key = secret == null || secret.isEmpty() ? null : key(secret);
        this.poster = new HttpPoster(timeoutMillis);
    }

    static byte[] key(String secret) {
        if (secret.startsWith("whsec_")) {
            try {
                return Base64.getDecoder().decode(secret.substring("whsec_".length()));
            } catch (IllegalArgumentException e) {
                // The message names the key and the rule, never the value.
                throw new InvalidSecretException("alerts.webhook.secret starts with whsec_ but the rest is not base64");
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public void deliver(Notification n) throws Exception {
        byte[] body = body(n);
        Map<String, String> headers = new LinkedHashMap<>();
        if (key != null) {
            String id = ids.computeIfAbsent(n, x -> "msg_" + UUID.randomUUID().toString().replace("-", ""));
            String timestamp = Long.toString(System.currentTimeMillis() / 1000);
            headers.put("webhook-id", id);
            headers.put("webhook-timestamp", timestamp);
            headers.put("webhook-signature", "v1," + sign(key, id, timestamp, body));
        }
        poster.post(uri, body, headers);
    }

    /** Base64 of HMAC-SHA256(key, id + "." + timestamp + "." + body). */
    static String sign(byte[] key, String id, String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

    static byte[] body(Notification n) throws Exception {
        return Json.toBytes(g -> {
            g.writeStartObject();
            g.writeStringField("type", "alert." + n.kind.label());
            g.writeStringField("timestamp", java.time.Instant.ofEpochMilli(n.timestamp).toString());
            g.writeStringField("service", n.service);
            g.writeStringField("environment", n.environment);
            g.writeStringField("url", n.generatorUrl);
            g.writeArrayFieldStart("recipients");
            for (String r : n.recipients) {
                g.writeString(r);
            }
            g.writeEndArray();
            g.writeFieldName("alert");
            n.alert.write(g);
            g.writeEndObject();
        });
    }

    /** A webhook secret that cannot be used; the message never contains the secret. */
    public static final class InvalidSecretException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidSecretException(String message) {
            super(message);
        }
    }
}
