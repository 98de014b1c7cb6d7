package dev.vitals.it.alerts;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Await;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

import static dev.vitals.it.alerts.Alerts.activeOf;
import static dev.vitals.it.alerts.Alerts.awaitJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Alert mail through a real SMTP server (GreenMail): over implicit TLS with authentication, the certificate
 * checked against a trust store, and refused when the password is wrong (counted as failed, password not logged).
 */
class EmailTest {
    private GreenMail mail;

    @BeforeEach
    void startMail() {
        mail = new GreenMail(new ServerSetup[] {
                new ServerSetup(AgentProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTPS),
                new ServerSetup(AgentProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP)});
        mail.getManagers().getUserManager().setAuthRequired(true);
        mail.setUser("alerts@example.com", "alerts", "s3cret-pass");
        mail.setUser("ops@example.com", "ops", "ops-pass");
        mail.setUser("oncall@example.com", "oncall", "oncall-pass");
        mail.start();
    }

    @AfterEach
    void stopMail() {
        mail.stop();
    }

    /** GreenMail's own wait counts only mail arriving after the call, so poll the total instead. */
    private boolean awaitMessages(int count) {
        Await.until(count + " mails", Alerts.TIMEOUT, () -> mail.getReceivedMessages().length >= count);
        return true;
    }

    private static Path truststore() throws Exception {
        Path p = AgentProcess.tempDir("truststore-").resolve("greenmail.p12");
        try (InputStream in = GreenMail.class.getResourceAsStream("/greenmail.p12")) {
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    @Test
    void firingAndResolvedMailOverSmtpsWithAuthentication() throws Exception {
        try (AgentProcess agent = Alerts.idleApp("service.name", "mail-shop",
                "alerts.email.host", "127.0.0.1", "alerts.email.port", String.valueOf(mail.getSmtps().getPort()),
                "alerts.email.tls", "smtps", "alerts.email.from", "alerts@example.com",
                "alerts.email.to", "oncall@example.com", "alerts.email.verify.hostname", "false",
                "alerts.email.truststore", truststore().toString())
                .systemProperty("vitals.alerts.email.username", "alerts")
                .systemProperty("vitals.alerts.email.password", "s3cret-pass")
                .systemProperty("vitals.alerts.email.truststore.password", "changeit")
                .start()) {
            Alerts.record(agent, "mail_metric", 0);
            String ruleId = Alerts.createRule(agent, """
                    {"name": "Disk Almost Full", "metricType": "mail_metric", "condition": "greater_than", "threshold": 90,
                     "duration": 0, "cooldownPeriod": 600, "severity": "critical", "recipients": ["ops@example.com"]}""")
                    .path("id").asText();
            Alerts.record(agent, "mail_metric", 95);
            String alertId = activeOf(awaitJson(agent, "/alerts/active", j -> activeOf(j, ruleId) != null), ruleId)
                    .path("id").asText();
            assertTrue(awaitMessages(2), "two copies of the firing mail (rule recipient + alerts.email.to); "
                    + mail.getReceivedMessages().length + " received; " + agent.get("/metrics").body().lines()
                    .filter(l -> l.contains("notification")).toList() + agent.describe());
            MimeMessage firing = mail.getReceivedMessages()[0];
            assertEquals("[FIRING critical] Disk Almost Full (mail-shop)", firing.getSubject());
            assertEquals("alerts@example.com", firing.getFrom()[0].toString());
            List<String> to = Arrays.stream(firing.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList();
            assertTrue(to.containsAll(List.of("ops@example.com", "oncall@example.com")), to.toString());
            String text = String.valueOf(firing.getContent());
            assertTrue(text.contains("Disk Almost Full: mail_metric is 95 (greater than 90)"), text);
            assertTrue(text.contains("Alert id:  " + alertId), text);
            assertEquals(alertId, firing.getHeader("X-Vitals-Alert-Id")[0]);

            Alerts.record(agent, "mail_metric", 10);
            assertTrue(awaitMessages(4), "the resolution mail");
            MimeMessage resolved = mail.getReceivedMessages()[3];
            assertEquals("[RESOLVED critical] Disk Almost Full (mail-shop)", resolved.getSubject());
            assertTrue(!agent.stderr().contains("s3cret-pass"), "password logged");
            assertTrue(!agent.get("/health/config").body().contains("s3cret-pass"), "password in /health/config");
        }
    }

    @Test
    void wrongPasswordIsRetriedThenCountedAsFailedWithoutLoggingIt() throws Exception {
        try (AgentProcess agent = Alerts.idleApp("alerts.email.host", "127.0.0.1",
                "alerts.email.port", String.valueOf(mail.getSmtp().getPort()), "alerts.email.tls", "none",
                "alerts.email.from", "alerts@example.com", "alerts.notify.attempts", "2", "alerts.notify.backoff", "100ms")
                .systemProperty("vitals.alerts.email.username", "alerts")
                .systemProperty("vitals.alerts.email.password", "wrong-password-xyz")
                .start()) {
            Alerts.record(agent, "mail_fail_metric", 0);
            String ruleId = Alerts.createRule(agent, """
                    {"name": "Mail Fails", "metricType": "mail_fail_metric", "condition": "greater_than", "threshold": 1,
                     "duration": 0, "recipients": ["ops@example.com"]}""").path("id").asText();
            Alerts.record(agent, "mail_fail_metric", 5);
            awaitJson(agent, "/alerts/active", j -> activeOf(j, ruleId) != null);
            String metrics = Await.until("the failed mail counted", Alerts.TIMEOUT, () -> agent.get("/metrics").body(),
                    m -> m.contains("vitals_notifications_failed_total{channel=\"email\"} 1"));
            assertTrue(metrics.contains("vitals_notifications_failed_total{channel=\"email\"} 1"), metrics);
            assertEquals(0, mail.getReceivedMessages().length);
            assertTrue(agent.stderr().contains("SMTP AUTH refused"), agent.describe());
            assertTrue(!agent.stderr().contains("wrong-password-xyz"), "password logged");
        }
    }
}
