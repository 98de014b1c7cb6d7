package dev.vitals.agent.cache;

import dev.vitals.agent.health.Score;

/**
 * The cache's 0-100 health score with its issues and recommendations. Pure: every figure comes in through
 * {@link Inputs}, so the rules are unit-tested without Redis.
 *
 * <p>Start at 100 and subtract per finding: the Redis check failing 50 (and the status is unhealthy), degraded 10;
 * more than 5 % of commands failing 20 (over 1 %: 5); a hit rate under 50 % over at least
 * {@value #MIN_LOOKUPS} lookups 15 (under 80 %: 5); command p95 over {@value #P95_LIMIT_MS} ms in the window 10.
 */
final class CacheScore {
    static final int MIN_LOOKUPS = 100;
    static final double P95_LIMIT_MS = 10;

    /** What the score is computed from; fields left at their defaults mean "not known / nothing". */
    static final class Inputs {
        String checkStatus;
        String checkMessage = "";
        long hits;
        long misses;
        long operations;
        long errors;
        long windowCount;
        double p95Ms;
    }

    private CacheScore() {
    }

    static Score of(Inputs in) {
        Score.Builder b = Score.builder();
        if ("unhealthy".equals(in.checkStatus)) {
            b.failing().deduct(50, "Redis check failing: " + in.checkMessage,
                    "check that Redis is up and reachable from this host");
        } else if ("degraded".equals(in.checkStatus)) {
            b.deduct(10, "Redis check degraded: " + in.checkMessage, null);
        }
        if (in.operations > 0 && in.errors > 0) {
            double rate = 100.0 * in.errors / in.operations;
            String issue = Math.round(rate * 10) / 10.0 + " % of commands failed";
            if (rate > 5) {
                b.deduct(20, issue, "commands are failing: see errorsByCommand per keyspace");
            } else if (rate > 1) {
                b.deduct(5, issue, null);
            }
        }
        long lookups = in.hits + in.misses;
        if (lookups >= MIN_LOOKUPS) {
            double hitRate = 100.0 * in.hits / lookups;
            String issue = "hit rate " + Math.round(hitRate * 10) / 10.0 + " % over " + lookups + " lookups";
            if (hitRate < 50) {
                b.deduct(15, issue, "most lookups miss: check the keyspaces with the lowest hit rate, their TTLs and "
                        + "whether entries are written after a miss");
            } else if (hitRate < 80) {
                b.deduct(5, issue, null);
            }
        }
        if (in.windowCount > 0 && in.p95Ms > P95_LIMIT_MS) {
            b.deduct(10, "command p95 " + Math.round(in.p95Ms * 10) / 10.0 + " ms",
                    "slow Redis commands: look for large values or O(N) commands (KEYS, SMEMBERS, HGETALL on big keys), "
                            + "and the network latency to Redis");
        }
        return b.build();
    }
}
