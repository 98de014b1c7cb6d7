package dev.vitals.agent.alerts.notify;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotifyTest {
    @Test
    void aMalformedSecretNamesTheSecretKeyNotTheUrlAndNeverItsValue() {
        WebhookChannel.InvalidSecretException e = org.junit.jupiter.api.Assertions.assertThrows(
                WebhookChannel.InvalidSecretException.class, () -> WebhookChannel.key("whsec_not*base64!SECRETVALUE"));
        assertTrue(e.getMessage().contains("alerts.webhook.secret"), e.getMessage());
        assertTrue(!e.getMessage().contains("SECRETVALUE") && !e.getMessage().contains("url"), e.getMessage());
    }

    @Test
    void standardWebhooksSignatureMatchesTheSpecExample() throws Exception {
        // The example of https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
        byte[] key = WebhookChannel.key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        String sig = WebhookChannel.sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));
        assertEquals("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", sig);
    }

    @Test
    void smtpDotStuffingAndLineEnds() {
        assertEquals("a\r\n..b\r\nc\r\n", new String(SmtpClient.dotStuff("a\n.b\r\nc".getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.US_ASCII));
        assertEquals("..\r\n", new String(SmtpClient.dotStuff(".".getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII));
        assertEquals("ops@example.com", SmtpClient.address("Ops <ops@example.com>"));
        assertEquals("a@bRCPTTO:x", SmtpClient.address("a@b\r\nRCPT TO:x"));
    }

    @Test
    void subjectIsEncodedWhenNotAscii() {
        assertEquals("plain", EmailChannel.subject("plain"));
        assertEquals("a b", EmailChannel.subject("a\r\nb"));
        assertTrue(EmailChannel.subject("Überlast").startsWith("=?UTF-8?B?"));
    }

    @Test
    void backoffDoublesWithJitterAndIsCapped() {
        Dispatcher d = new Dispatcher(Collections.emptyList(), 5, 1000);
        for (int i = 0; i < 100; i++) {
            long first = d.backoff(1);
            long third = d.backoff(3);
            assertTrue(first >= 500 && first < 1500, "first " + first);
            assertTrue(third >= 2000 && third < 6000, "third " + third);
            assertTrue(d.backoff(30) <= Dispatcher.MAX_BACKOFF_MILLIS);
        }
    }

    @Test
    void urlsAreRedactedFromMessages() {
        assertEquals("connect to <url> failed", Redact.message("connect to https://hooks.slack.com/services/T/B/secret failed"));
    }
}
