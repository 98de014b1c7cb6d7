package dev.vitals.agent.alerts.notify;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.log.Log;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Alert mail through SMTP ({@link SmtpClient}): to the rule's {@code recipients} that are mail addresses plus
 * {@code alerts.email.to}. A plain-text UTF-8 message, base64-encoded so that no line or byte rule of SMTP can
 * break it; the subject is RFC 2047-encoded when it is not ASCII. Host, user and password are configuration
 * secrets except the host; none is logged.
 */
public final class EmailChannel implements Channel {
    private final String host;
    private final int port;
    private final SmtpClient.Tls tls;
    private final SSLContext ssl;
    private final boolean verifyHostname;
    private final String username;
    private final String password;
    private final String from;
    private final List<String> to;
    private final int timeoutMillis;

    EmailChannel(String host, int port, SmtpClient.Tls tls, SSLContext ssl, boolean verifyHostname, String username,
                 String password, String from, List<String> to, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.ssl = ssl;
        this.verifyHostname = verifyHostname;
        this.username = username;
        this.password = password;
        this.from = from;
        this.to = to;
        this.timeoutMillis = timeoutMillis;
    }

    /** The channel from {@code alerts.email.*}, or {@code null} when no host is set or the setup is unusable. */
    public static EmailChannel fromConfig(Config config) {
        String host = config.get(Keys.ALERTS_EMAIL_HOST);
        if (host.isEmpty()) {
            return null;
        }
        try {
            SmtpClient.Tls tls = SmtpClient.Tls.valueOf(config.get(Keys.ALERTS_EMAIL_TLS).toUpperCase(Locale.ROOT));
            SSLContext ssl = sslContext(config.get(Keys.ALERTS_EMAIL_TRUSTSTORE), config.get(Keys.ALERTS_EMAIL_TRUSTSTORE_PASSWORD));
            List<String> to = new ArrayList<>();
            for (String a : config.get(Keys.ALERTS_EMAIL_TO).split(",")) {
                if (!a.trim().isEmpty()) {
                    to.add(a.trim());
                }
            }
            String from = config.get(Keys.ALERTS_EMAIL_FROM);
            return new EmailChannel(host, config.get(Keys.ALERTS_EMAIL_PORT), tls, ssl,
                    config.get(Keys.ALERTS_EMAIL_VERIFY_HOSTNAME), config.get(Keys.ALERTS_EMAIL_USERNAME),
                    config.get(Keys.ALERTS_EMAIL_PASSWORD), from.isEmpty() ? "vitals@localhost" : from, to,
                    (int) (long) config.get(Keys.ALERTS_NOTIFY_TIMEOUT));
        } catch (Exception e) {
            Log.warn("alerts: the email channel is off: its TLS setup failed (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    static SSLContext sslContext(String truststore, String password) throws Exception {
        if (truststore.isEmpty()) {
            return SSLContext.getDefault();
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(Paths.get(truststore))) {
            ks.load(in, password.isEmpty() ? null : password.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public boolean accepts(Notification n) {
        return Channel.super.accepts(n) && !recipients(n).isEmpty();
    }

    List<String> recipients(Notification n) {
        Set<String> all = new LinkedHashSet<>();
        for (String r : n.recipients) {
            if (r.indexOf('@') > 0) {
                all.add(r);
            }
        }
        all.addAll(to);
        return new ArrayList<>(all);
    }

    @Override
    public void deliver(Notification n) throws Exception {
        List<String> recipients = recipients(n);
        new SmtpClient(host, port, tls, ssl, verifyHostname, timeoutMillis)
                .send(username, password, from, recipients, message(n, from, recipients));
    }

    static byte[] message(Notification n, String from, List<String> to) {
        StringBuilder body = new StringBuilder();
        body.append(n.alert.message()).append("\n\n");
        body.append("Status:    ").append(n.kind == Notification.Kind.RESOLVED ? "resolved" : "firing").append('\n');
        body.append("Severity:  ").append(n.alert.severity().label()).append('\n');
        body.append("Metric:    ").append(n.alert.metric()).append('\n');
        body.append("Value:     ").append(SlackChannel.format(n.alert.value())).append('\n');
        body.append("Threshold: ").append(n.alert.condition()).append(' ').append(SlackChannel.format(n.alert.threshold())).append('\n');
        body.append("Service:   ").append(n.service).append(" (").append(n.environment).append(")\n");
        body.append("Alert id:  ").append(n.alert.id()).append('\n');
        body.append("Active alerts: ").append(n.generatorUrl).append('\n');
        String encoded = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(body.toString().getBytes(StandardCharsets.UTF_8));
        StringBuilder m = new StringBuilder();
        m.append("From: ").append(header(from)).append("\r\n");
        m.append("To: ").append(header(String.join(", ", to))).append("\r\n");
        m.append("Subject: ").append(subject(n.title())).append("\r\n");
        m.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now())).append("\r\n");
        m.append("Message-ID: <").append(UUID.randomUUID()).append("@vitals>\r\n");
        m.append("X-Vitals-Alert-Id: ").append(header(n.alert.id())).append("\r\n");
        m.append("MIME-Version: 1.0\r\n");
        m.append("Content-Type: text/plain; charset=UTF-8\r\n");
        m.append("Content-Transfer-Encoding: base64\r\n\r\n");
        m.append(encoded).append("\r\n");
        return m.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A header value without line breaks (no header injection through a rule name or address). */
    private static String header(String s) {
        return s.replaceAll("[\\r\\n]+", " ");
    }

    static String subject(String s) {
        String clean = header(s);
        for (int i = 0; i < clean.length(); i++) {
            if (clean.charAt(i) > 126) {
                return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(clean.getBytes(StandardCharsets.UTF_8)) + "?=";
            }
        }
        return clean;
    }
}
