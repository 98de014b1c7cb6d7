package dev.vitals.agent.health;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RedactionTest {
    @Test
    void removesUrlPasswordsKeyValueSecretsAndStripeKeys() {
        assertEquals("jdbc:postgresql://****@db:5432/shop", Redaction.text("jdbc:postgresql://app:s3cret@db:5432/shop"));
        assertEquals("url?user=app&password=****", Redaction.text("url?user=app&password=s3cret"));
        assertEquals("Authorization: ****", Redaction.text("Authorization: Bearer abc.def"));
        assertEquals("key **** rejected", Redaction.text("key sk_test_51HxYz rejected"));
        assertEquals("Connection refused", Redaction.text("Connection refused"));
    }
}
