package dev.vitals.agent.cache;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisInfoTest {
    private static final String INFO = "# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\nos:Linux\r\n"
            + "uptime_in_seconds:120\r\n\r\n# Clients\r\nconnected_clients:3\r\nblocked_clients:0\r\n\r\n# Memory\r\n"
            + "used_memory:1048576\r\nused_memory_peak:2097152\r\nmaxmemory:0\r\n\r\n# Stats\r\n"
            + "total_commands_processed:1000\r\ninstantaneous_ops_per_sec:42\r\nkeyspace_hits:30\r\n"
            + "keyspace_misses:10\r\nevicted_keys:0\r\nexpired_keys:5\r\n\r\n# Replication\r\nrole:master\r\n"
            + "# Keyspace\r\ndb0:keys=10,expires=0,avg_ttl=0\r\n";

    @Test
    void keepsTheSummaryFieldsOnly() {
        Map<String, Object> s = RedisInfo.summarize(INFO);
        assertEquals("7.0.15", s.get("version"));
        assertEquals(1048576L, s.get("usedMemoryBytes"));
        assertEquals(3L, s.get("connectedClients"));
        assertEquals(42L, s.get("opsPerSec"));
        assertEquals(30L, s.get("keyspaceHits"));
        assertEquals(10L, s.get("keyspaceMisses"));
        assertEquals(75.0, s.get("hitRate"));
        assertEquals("master", s.get("role"));
        assertFalse(s.containsKey("os"));
        assertFalse(s.containsKey("db0"));
        assertTrue(s.size() <= 16);
    }

    @Test
    void toleratesEmptyAndOddInput() {
        assertTrue(RedisInfo.summarize(null).isEmpty());
        assertTrue(RedisInfo.summarize("garbage\nno colon\n:x\n").isEmpty());
        assertEquals(0.0, RedisInfo.summarize("keyspace_hits:0\nkeyspace_misses:0\n").get("hitRate"));
        String longVersion = "redis_version:" + "9".repeat(100);
        assertEquals(64, ((String) RedisInfo.summarize(longVersion.replace("9", "x")).get("version")).length());
    }
}
