package dev.vitals.agent.database;

import dev.vitals.agent.health.Score;

/**
 * A 0-100 database health score with its issues and recommendations, computed from one window of one data
 * source. Pure: every figure comes in through {@link Inputs}, so the rules are unit-tested without a database.
 *
 * <p>Start at 100 and subtract per finding: check failing 50 (degraded 10); clients waiting in at least half of the
 * window's samples 20 (waiting now but not mostly: 10); pool at 90 % or more of its maximum 10; connection timeouts
 * 20; failed connection attempts 15; wait p95 over 100 ms 10; more than 5 % of statements failing 15 (over 1 %: 5);
 * the slowest operation's p95 over the slow-query threshold 10. Status as every {@link Score}, and unhealthy when
 * the check fails.
 */
final class DatabaseScore {
    static final double WAIT_P95_LIMIT_MS = 100;

    /** What the score is computed from; fields left at their defaults mean "not known / nothing". */
    static final class Inputs {
        String checkStatus;
        String checkMessage = "";
        int active = -1;
        int max = -1;
        int waitingNow;
        int samples;
        int samplesWaiting;
        double waitP95Ms;
        long timeouts;
        long acquireErrors;
        long statements;
        long failedStatements;
        String topErrorType = "";
        String slowestOperation = "";
        double slowestOperationP95Ms;
        double slowThresholdMs = 100;
    }

    private DatabaseScore() {
    }

    static Score of(Inputs in) {
        Score.Builder b = Score.builder();
        if ("unhealthy".equals(in.checkStatus)) {
            b.failing().deduct(50, "database check failing: " + in.checkMessage,
                    "check that the database is up and reachable from this host, and the pool's credentials");
        } else if ("degraded".equals(in.checkStatus)) {
            b.deduct(10, "database check degraded: " + in.checkMessage, null);
        }
        if (in.samples >= 2 && in.samplesWaiting * 2 >= in.samples) {
            b.deduct(20, "pool waiting > 0 for most of the window (" + percent(in.samplesWaiting, in.samples)
                    + " % of samples)", "pool waiting > 0 for most of the window: raise maximumPoolSize or shorten transactions");
        } else if (in.waitingNow > 0) {
            b.deduct(10, in.waitingNow + " client(s) waiting for a connection now",
                    "if clients keep waiting, raise the pool's maximum size or return connections sooner");
        }
        if (in.max > 0 && in.active >= 0 && in.active * 10 >= in.max * 9) {
            b.deduct(10, "pool at " + percent(in.active, in.max) + " % of its maximum (" + in.active + "/" + in.max + ")",
                    "raise the pool maximum (maximumPoolSize, maxTotal or maxActive) or find connections held too long");
        }
        if (in.timeouts > 0) {
            b.deduct(20, in.timeouts + " connection request(s) timed out waiting for the pool",
                    "connection timeouts: raise the pool size, shorten transactions, or check for connection leaks");
        }
        if (in.acquireErrors > 0) {
            b.deduct(15, in.acquireErrors + " connection attempt(s) failed",
                    "failed connection attempts: check the database server, network and credentials");
        }
        if (in.waitP95Ms > WAIT_P95_LIMIT_MS) {
            b.deduct(10, "connection wait p95 " + Math.round(in.waitP95Ms) + " ms",
                    "connections are slow to obtain: size the pool for peak concurrency");
        }
        if (in.statements > 0 && in.failedStatements > 0) {
            double rate = 100.0 * in.failedStatements / in.statements;
            String top = in.topErrorType.isEmpty() ? "" : " (most often " + in.topErrorType + ")";
            String issue = Math.round(rate * 10) / 10.0 + " % of statements failed" + top;
            if (rate > 5) {
                b.deduct(15, issue, "statements are failing" + top + ": see errors by SQLState");
            } else if (rate > 1) {
                b.deduct(5, issue, null);
            }
        }
        if (!in.slowestOperation.isEmpty() && in.slowestOperationP95Ms > in.slowThresholdMs && isQuery(in.slowestOperation)) {
            b.deduct(10, in.slowestOperation + " p95 " + Math.round(in.slowestOperationP95Ms) + " ms",
                    in.slowestOperation + ": add an index, fetch fewer rows, or cache the result");
        }
        return b.build();
    }

    /** Recommendations about indexes and rows make sense for statements on data, not for DDL. */
    private static boolean isQuery(String operation) {
        return operation.startsWith("SELECT") || operation.startsWith("UPDATE") || operation.startsWith("DELETE")
                || operation.startsWith("INSERT") || operation.startsWith("MERGE") || operation.startsWith("CALL");
    }

    private static long percent(long part, long whole) {
        return whole <= 0 ? 0 : Math.round(100.0 * part / whole);
    }
}
