package dev.vitals.it.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Await;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.vitals.it.alerts.Alerts.activeOf;
import static dev.vitals.it.alerts.Alerts.awaitJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The submission path (port 587 style): STARTTLS, then AUTH, against a real SMTP server (SubEthaSMTP, which
 * requires TLS and authentication here); and a server that offers no STARTTLS gets no mail at all, not a
 * plain-text fallback.
 */
class StartTlsEmailTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    /** GreenMail's test key pair, as the SMTP server's TLS identity and as the agent's trust store. */
    private static Path keystore() throws Exception {
        Path p = AgentProcess.tempDir("starttls-").resolve("server.p12");
        try (InputStream in = GreenMail.class.getResourceAsStream("/greenmail.p12")) {
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    private static SSLContext serverTls(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    record Mail(String from, String to, String data) {
    }

    @Test
    void startTlsThenAuthThenMail() throws Exception {
        Path keystore = keystore();
        List<Mail> received = new CopyOnWriteArrayList<>();
        List<String> logins = new CopyOnWriteArrayList<>();
        SMTPServer server = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).hostName("localhost")
                .enableTLS().requireTLS().requireAuth()
                .startTlsSocketFactory(serverTls(keystore))
                .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((user, pass, ctx) -> {
                    if (!user.equals("alerts") || !pass.equals("s3cret-pass")) {
                        throw new LoginFailedException();
                    }
                    logins.add(user);
                }))
                .messageHandler((ctx, from, to, data) -> received.add(new Mail(from, to, new String(data, StandardCharsets.UTF_8))))
                .build();
        server.start();
        try (AgentProcess agent = Alerts.idleApp("service.name", "tls-shop",
                "alerts.email.host", "127.0.0.1", "alerts.email.port", String.valueOf(server.getPortAllocated()),
                "alerts.email.tls", "starttls", "alerts.email.from", "alerts@example.com",
                "alerts.email.verify.hostname", "false", "alerts.email.truststore", keystore.toString())
                .systemProperty("vitals.alerts.email.username", "alerts")
                .systemProperty("vitals.alerts.email.password", "s3cret-pass")
                .systemProperty("vitals.alerts.email.truststore.password", "changeit")
                .start()) {
            Alerts.record(agent, "tls_metric", 0);
            String ruleId = Alerts.createRule(agent, """
                    {"name": "Orders Stalled", "metricType": "tls_metric", "condition": "greater_than", "threshold": 0,
                     "duration": 0, "severity": "warning", "recipients": ["ops@example.com", "#not-an-address"]}""")
                    .path("id").asText();
            Alerts.record(agent, "tls_metric", 3);
            awaitJson(agent, "/alerts/active", j -> activeOf(j, ruleId) != null);
            Await.until("a mail", Alerts.TIMEOUT, () -> !received.isEmpty(), agent::describe);
            assertEquals(1, received.size(), "one recipient with a mail address: " + received + agent.describe());
            Mail m = received.get(0);
            assertEquals("alerts@example.com", m.from());
            assertEquals("ops@example.com", m.to());
            assertTrue(m.data().contains("Subject: [FIRING warning] Orders Stalled (tls-shop)"), m.data());
            assertEquals(List.of("alerts"), logins, "authenticated once, after STARTTLS (the server requires TLS first)");
        } finally {
            server.stop();
        }
    }

    @Test
    void aServerWithoutStartTlsGetsNothing() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        SMTPServer plain = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).hostName("localhost")
                .messageHandler((ctx, from, to, data) -> received.add(to)).build();
        plain.start();
        try (AgentProcess agent = Alerts.idleApp("alerts.email.host", "127.0.0.1",
                "alerts.email.port", String.valueOf(plain.getPortAllocated()), "alerts.email.tls", "starttls",
                "alerts.email.to", "ops@example.com", "alerts.notify.attempts", "1")
                .systemProperty("vitals.alerts.email.username", "alerts")
                .systemProperty("vitals.alerts.email.password", "s3cret-pass")
                .start()) {
            Alerts.record(agent, "plain_metric", 0);
            String ruleId = Alerts.createRule(agent, """
                    {"name": "Plain", "metricType": "plain_metric", "condition": "greater_than", "threshold": 0,
                     "duration": 0}""").path("id").asText();
            Alerts.record(agent, "plain_metric", 1);
            awaitJson(agent, "/alerts/active", j -> activeOf(j, ruleId) != null);
            JsonNode detailed = awaitJson(agent, "/health/detailed", j -> j.path("checks").path("notifications")
                    .path("details").path("channels").path("email").path("failed").asInt() == 1);
            assertTrue(detailed.path("checks").path("notifications").path("details").path("channels").path("email")
                    .path("lastError").asText().contains("does not offer STARTTLS"), detailed.toString());
            assertTrue(received.isEmpty(), "mail sent without TLS: " + received);
        } finally {
            plain.stop();
        }
    }
}
