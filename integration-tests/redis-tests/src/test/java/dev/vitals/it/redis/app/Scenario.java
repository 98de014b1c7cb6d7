package dev.vitals.it.redis.app;

import java.util.List;

/**
 * A known sequence of cache reads with exact expected hits and misses per keyspace, run by every client:
 * <pre>
 *   PREFIX:user:profile   3 hits, 1 miss   (GET x3, MGET key 1)
 *   PREFIX:cart:items     1 hit,  1 miss   (MGET keys 2 and 3), 1 error (LPUSH on a string: WRONGTYPE)
 *   PREFIX:user:settings  1 hit,  2 misses (HMGET hit + miss, HGET miss)
 * </pre>
 * Values and key ids contain {@link #SECRET}, which must never appear in any Vitals output.
 */
public final class Scenario {
    /** Part of every key id and value; must never appear in any Vitals output. */
    public static final String SECRET = "zq7secret";

    private Scenario() {
    }

    public static void run(Ops ops, String prefix) {
        String p1 = prefix + ":user:profile:" + SECRET + "1001";
        String p2 = prefix + ":user:profile:" + SECRET + "1002";
        String p3 = prefix + ":user:profile:" + SECRET + "1003";
        String pMissing = prefix + ":user:profile:" + SECRET + "9999";
        String c1 = prefix + ":cart:items:" + SECRET + "77";
        String cMissing = prefix + ":cart:items:" + SECRET + "78";
        String s1 = prefix + ":user:settings:" + SECRET + "5";
        ops.del(p1, p2, p3, pMissing, c1, cMissing, s1);
        ops.set(p1, "value-" + SECRET + "-1");
        ops.set(p2, "value-" + SECRET + "-2");
        ops.set(p3, "value-" + SECRET + "-3");
        ops.set(c1, "value-" + SECRET + "-77");
        check(ops.get(p1) != null, "GET p1 should hit");
        check(ops.get(p2) != null, "GET p2 should hit");
        check(ops.get(pMissing) == null, "GET pMissing should miss");
        List<String> m = ops.mget(p3, c1, cMissing);
        check(m.get(0) != null && m.get(1) != null && m.get(2) == null, "MGET " + m.size());
        ops.hset(s1, "theme", "value-" + SECRET + "-dark");
        List<String> h = ops.hmget(s1, "theme", "missing" + SECRET);
        check(h.get(0) != null && h.get(1) == null, "HMGET");
        check(ops.hget(s1, "other" + SECRET) == null, "HGET should miss");
        boolean failed = false;
        try {
            ops.lpush(c1, "x");
        } catch (RuntimeException expected) {
            failed = true;
        }
        check(failed, "LPUSH on a string key should fail with WRONGTYPE");
        ops.del(p1, p2, p3, c1, s1);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("scenario step failed: " + what);
        }
    }

    /** Keeps the child alive for the test to read the agent's endpoints. */
    public static void park() throws InterruptedException {
        System.out.println("SCENARIO DONE");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** 500 user names: word-like (lower case, 9 to 14 letters, from a fixed seed) and a few real-looking ones. */
    public static List<String> userNames() {
        java.util.Random random = new java.util.Random(17);
        java.util.Set<String> names = new java.util.LinkedHashSet<>(List.of("alicewonderland", "bob_marley",
                "zoe-whitfield", "JaneDoe", "Kowalczyk"));
        while (names.size() < 500) {
            StringBuilder sb = new StringBuilder();
            for (int i = 9 + random.nextInt(6); i > 0; i--) {
                sb.append((char) ('a' + random.nextInt(26)));
            }
            names.add(sb.toString());
        }
        return List.copyOf(names);
    }

    /** Keys that hold {@code name} where a keyspace could pick it up. */
    public static List<String> keysOf(String name) {
        return List.of("user:profile:" + name + ":prefs", "user:" + name + ":cart", "session:" + name,
                "acct:" + name, "user:profile:" + name, "feed:timeline:2024:" + name);
    }
}
