package dev.vitals.agent.services;

import dev.vitals.agent.health.CheckResult;
import dev.vitals.agent.health.HealthCheck;
import dev.vitals.agent.metrics.Snapshot;

/**
 * A named service without a configured check: its health is what the agent has seen of the application's own
 * calls. {@code "PayPal configured"} when calls have been seen, "not configured" when only the
 * client library is there; unhealthy while the breaker view is OPEN, degraded while HALF_OPEN. Sends nothing.
 */
final class PassiveServiceCheck implements HealthCheck {
    private static final long WINDOW_MILLIS = 300_000;

    private final String service;
    private final Services services;
    private final String display;

    PassiveServiceCheck(String service, Services services) {
        this.service = service;
        this.services = services;
        this.display = Services.displayName(service);
    }

    @Override
    public String name() {
        return service;
    }

    @Override
    public long intervalMillis() {
        return 5_000;
    }

    @Override
    public CheckResult run() {
        ServiceState s = services.find(service);
        if (s == null || s.totalCalls() == 0) {
            return CheckResult.healthy(display + " not configured (no calls seen yet)").detail("configured", false);
        }
        long now = System.currentTimeMillis();
        Snapshot calls = s.calls(WINDOW_MILLIS, now);
        Snapshot failed = s.failures(WINDOW_MILLIS, now);
        double failureRate = calls.count() == 0 ? 0 : (double) failed.count() / calls.count();
        CheckResult result;
        switch (s.state()) {
            case OPEN:
                result = CheckResult.unhealthy(display + " circuit open after " + s.consecutiveFailures()
                        + " consecutive failures (last: " + s.lastFailure() + "); next trial in "
                        + (s.millisUntilTrial() + 999) / 1000 + " s");
                break;
            case HALF_OPEN:
                result = CheckResult.degraded(display + " circuit half-open: trial call in progress");
                break;
            default:
                result = CheckResult.healthy(display + " configured");
        }
        return result.detail("configured", true)
                .detail("circuitBreaker", s.state().name())
                .detail("calls", calls.count())
                .detail("failureRate", Math.round(failureRate * 10_000) / 10_000.0)
                .detail("avgLatency", Math.round(calls.meanMillis() * 10) / 10.0);
    }
}
