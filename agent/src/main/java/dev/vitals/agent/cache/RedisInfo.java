package dev.vitals.agent.cache;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bounded summary of a Redis {@code INFO} reply that {@code /health/cache} shows: version, memory,
 * clients, operations per second and the server's own keyspace hits and misses. INFO is {@code field:value}
 * lines grouped under {@code # Section} headers; only the fields below are kept, whatever the server sends.
 */
final class RedisInfo {
    /** INFO field to the summary's name. */
    private static final String[][] FIELDS = {
        {"redis_version", "version"},
        {"redis_mode", "mode"},
        {"uptime_in_seconds", "uptimeSeconds"},
        {"used_memory", "usedMemoryBytes"},
        {"used_memory_peak", "peakMemoryBytes"},
        {"maxmemory", "maxMemoryBytes"},
        {"connected_clients", "connectedClients"},
        {"blocked_clients", "blockedClients"},
        {"instantaneous_ops_per_sec", "opsPerSec"},
        {"total_commands_processed", "totalCommands"},
        {"keyspace_hits", "keyspaceHits"},
        {"keyspace_misses", "keyspaceMisses"},
        {"evicted_keys", "evictedKeys"},
        {"expired_keys", "expiredKeys"},
        {"role", "role"},
    };

    private RedisInfo() {
    }

    /** The summary of an INFO reply: numbers as {@link Long}, others as strings, plus {@code hitRate}. */
    static Map<String, Object> summarize(String info) {
        Map<String, String> raw = new LinkedHashMap<>();
        if (info != null) {
            for (String line : info.split("\r?\n")) {
                int colon = line.indexOf(':');
                if (line.isEmpty() || line.charAt(0) == '#' || colon <= 0) {
                    continue;
                }
                raw.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        for (String[] f : FIELDS) {
            String v = raw.get(f[0]);
            if (v == null) {
                continue;
            }
            summary.put(f[1], number(v));
        }
        Object hits = summary.get("keyspaceHits");
        Object misses = summary.get("keyspaceMisses");
        if (hits instanceof Long && misses instanceof Long) {
            long total = (Long) hits + (Long) misses;
            summary.put("hitRate", total == 0 ? 0.0 : Math.round((Long) hits * 1000.0 / total) / 10.0);
        }
        return Collections.unmodifiableMap(summary);
    }

    private static Object number(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return v.length() > 64 ? v.substring(0, 64) : v;
        }
    }
}
