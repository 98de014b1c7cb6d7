package dev.vitals.it.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.vitals.it.AgentProcess;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Email through Jakarta Mail to a real SMTP server (GreenMail): each send is a call to service {@code email};
 * the configured SMTP check connects and reads the greeting but never sends mail.
 */
class MailTest {
    private static final String MAIL = "vitals_mail_send_duration_seconds";

    @Test
    void sendsAreRecordedAndTheSmtpCheckSendsNoMail() throws Exception {
        int smtpPort = AgentProcess.freePort();
        GreenMail greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        try (Child child = Child.start(Map.of("services.smtp", "127.0.0.1:" + smtpPort, "services.check.interval", "300ms"))) {
            assertEquals("sent", child.control("/mail", Map.of("port", Integer.toString(smtpPort))));
            assertEquals("sent", child.control("/mail", Map.of("port", Integer.toString(smtpPort))));
            String refused = child.control("/mail", Map.of("port", Integer.toString(AgentProcess.closedPort())));
            assertTrue(refused.startsWith("error:"), refused);

            Metrics m = child.awaitMetrics(x -> x.sum(MAIL + "_count") >= 3);
            assertEquals(2, m.sum(MAIL + "_count", "server_address", "127.0.0.1", "peer_service", "email", "error_type", "none"), m.text);
            assertEquals(1, m.sum(MAIL + "_count", "peer_service", "email", "error_type", "connect_refused"), m.text);
            assertEquals(3, m.sum(MAIL + "_count"), "each send once (Transport.send calls sendMessage):\n" + m.text);
            m.assertPromtoolPasses("vitals_mail_", "vitals_circuit_breaker");

            JsonNode check = StripeTest.awaitCheck(child, "email", "Email service connected");
            assertEquals("healthy", check.get("status").asText(), check.toString());
            assertTrue(check.get("message").asText().contains("127.0.0.1:" + smtpPort), check.toString());
            Child.sleep(1_000); // several more checks
            assertEquals(2, greenMail.getReceivedMessages().length, "the SMTP check must never send mail");

            JsonNode email = child.breakers("?service=email").get("circuits").get(0);
            assertEquals(3, email.get("totalCalls").asLong(), email.toString());
            assertEquals(1, email.get("totalFailures").asLong(), email.toString());
        } finally {
            greenMail.stop();
        }
    }
}
