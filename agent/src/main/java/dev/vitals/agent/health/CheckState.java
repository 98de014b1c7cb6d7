package dev.vitals.agent.health;

import dev.vitals.agent.breaker.CircuitBreaker;

/** What the registry knows about one check at one moment. Immutable. */
public final class CheckState {
    private final HealthCheck check;
    private final boolean critical;
    private final CheckResult result;
    private final long durationMillis;
    private final long ageMillis;
    private final CircuitBreaker.State breaker;
    private final int consecutiveFailures;
    private final String lastError;
    private final long lastErrorAtMillis;

    CheckState(HealthCheck check, boolean critical, CheckResult result, long durationMillis, long ageMillis,
               CircuitBreaker.State breaker, int consecutiveFailures, String lastError, long lastErrorAtMillis) {
        this.check = check;
        this.critical = critical;
        this.result = result;
        this.durationMillis = durationMillis;
        this.ageMillis = ageMillis;
        this.breaker = breaker;
        this.consecutiveFailures = consecutiveFailures;
        this.lastError = lastError;
        this.lastErrorAtMillis = lastErrorAtMillis;
    }

    public String name() {
        return check.name();
    }

    public HealthCheck check() {
        return check;
    }

    public boolean critical() {
        return critical;
    }

    public CheckResult result() {
        return result;
    }

    public HealthStatus status() {
        return result.status();
    }

    public long durationMillis() {
        return durationMillis;
    }

    /** Milliseconds since the result was taken; -1 before the first run. */
    public long ageMillis() {
        return ageMillis;
    }

    public CircuitBreaker.State breaker() {
        return breaker;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    public String lastError() {
        return lastError;
    }

    public long lastErrorAtMillis() {
        return lastErrorAtMillis;
    }
}
