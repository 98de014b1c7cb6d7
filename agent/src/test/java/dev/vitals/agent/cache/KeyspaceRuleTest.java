package dev.vitals.agent.cache;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KeyspaceRuleTest {
    private final KeyspaceRule rule = new KeyspaceRule(":", 3, Collections.emptyList());

    private String keyspace(KeyspaceRule r, String key) {
        int fromChars = r.prefixLength(key);
        int fromBytes = r.prefixLength(key.getBytes(StandardCharsets.UTF_8));
        assertEquals(fromChars, fromBytes, "char and byte forms of " + key);
        if (fromChars <= 0) {
            return null;
        }
        int len = fromChars & ~KeyspaceRule.STAR;
        return key.substring(0, len) + ((fromChars & KeyspaceRule.STAR) != 0 ? "*" : "");
    }

    @Test
    void keepsLeadingSegmentsBeforeTheFirstIdLikeOne() {
        assertEquals("user:profile", keyspace(rule, "user:profile:1234"));
        assertEquals("user", keyspace(rule, "user:42:profile"));
        assertEquals("session", keyspace(rule, "session:9f8e7d6c:data"));
        assertEquals("order", keyspace(rule, "order:550e8400-e29b-41d4-a716-446655440000"));
        assertEquals("user", keyspace(rule, "user:alice@example.com"));
        assertEquals("USER_PROFILE", keyspace(rule, "USER_PROFILE:x"));
        assertEquals("shop:*", keyspace(rule, "shop:cache:product-list"), "a word last may be a value");
    }

    @Test
    void theLastSegmentIsNeverPartOfTheKeyspace() {
        assertEquals("leaderboard", keyspace(rule, "leaderboard:global"));
        assertEquals(null, keyspace(rule, "counter"));
        assertEquals(null, keyspace(rule, "alice"));
        assertEquals(null, keyspace(rule, ""));
    }

    @Test
    void noPartOfAKeyspaceIsARawValue() {
        assertEquals("user:*", keyspace(rule, "user:profile:alice:prefs"));
        assertEquals("user:*", keyspace(rule, "user:alice:cart"));
        assertEquals("user:*", keyspace(rule, "user:alice:cart:missing"), "a word in the middle may be a value too");
        assertEquals("user:*", keyspace(rule, "user:profile:alice"));
        assertEquals("user", keyspace(rule, "user:alice"), "the first segment is the namespace");
        assertEquals("user:profile", keyspace(rule, "user:profile:alice.smith"), "an id-like segment follows");
        assertEquals("user:profile", keyspace(rule, "user:profile::x"));
        assertEquals("cache.*", keyspace(new KeyspaceRule(":.", 3, Collections.emptyList()), "cache.user.bob.x"));
    }

    @Test
    void atMostMaxSegments() {
        assertEquals("a:*", keyspace(rule, "a:b:c:d:e:f"));
        assertEquals("a:b:c", keyspace(rule, "a:b:c:17:e:f"));
        assertEquals("a", keyspace(new KeyspaceRule(":", 1, Collections.emptyList()), "a:b:c:d"));
    }

    @Test
    void emptyLongAndNonAsciiSegmentsAreIds() {
        assertEquals("a", keyspace(rule, "a::b:c"));
        assertEquals(null, keyspace(rule, ":a:b"));
        assertEquals("cache", keyspace(rule, "cache:" + "x".repeat(40) + ":y"));
        assertEquals("cache", keyspace(rule, "cache:caf\u00e9:y"));
        assertEquals(null, keyspace(rule, "1234:user"));
    }

    @Test
    void otherDelimiters() {
        KeyspaceRule dots = new KeyspaceRule(":.", 3, Collections.emptyList());
        assertEquals("cache.user", keyspace(dots, "cache.user.123"));
        assertEquals(null, keyspace(rule, "cache.user.123"));
    }

    @Test
    void namedPrefixesComeFirst() {
        List<String> rejected = new ArrayList<>();
        List<String[]> named = KeyspaceRule.parseNamed(" USER_PROFILE=user:profile: , LB=lb:,bad,=x,y=", rejected);
        assertEquals(2, named.size());
        assertEquals(List.of("bad", "=x", "y="), rejected);
        KeyspaceRule r = new KeyspaceRule(":", 3, named);
        assertEquals(0, r.named("user:profile:17"));
        assertEquals(0, r.named("user:profile:17".getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, r.named("lb:weekly"));
        assertEquals(-1, r.named("user:settings:1"));
        assertEquals("USER_PROFILE", r.name(0));
    }
}
