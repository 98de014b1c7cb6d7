package dev.vitals.agent.requests;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.alerts.Alert;
import dev.vitals.agent.alerts.AlertEngine;
import dev.vitals.agent.alerts.Severity;
import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.health.CheckResult;
import dev.vitals.agent.health.HealthCheck;
import dev.vitals.agent.health.HealthStatus;
import dev.vitals.agent.health.Score;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The {@code performance} check: whether users are hurting now. Over {@code health.performance.window}, an error
 * rate over {@code budget.error.rate} takes 30 points off its score, a p95 over {@code budget.p95} 25, and each
 * active (firing or acknowledged) critical or emergency alert 25; any finding makes the check degraded.
 *
 * <p>It never makes the service unhealthy or not ready, since readiness must not flap with load: a Kubernetes
 * Service would take the pod out exactly when it has the most work, and its peers would get its share. Only when
 * {@code health.critical} names {@code performance} does a finding make the check unhealthy, and with it the
 * service unhealthy and not ready.
 *
 * <p>A window with fewer than {@code health.performance.min.requests} requests is too thin for error rate and p95
 * (one failed request out of three is not a 33 % error rate anyone should act on); alerts still count. Alerts on
 * the health checks themselves ({@link Alert#onHealth()}) never count: the checks they watch are in {@code /health}
 * already, and counting them would keep such an alert firing on its own.
 */
final class PerformanceCheck implements HealthCheck {
    static final String NAME = "performance";

    /** Points a finding takes off the score; each is over 20, so any one finding makes the score degraded. */
    static final int ERROR_RATE_POINTS = 30;
    static final int P95_POINTS = 25;
    static final int ALERT_POINTS = 25;

    /** The figures a judgement is made from. */
    static final class Figures {
        long requests;
        long errors;
        double p95Ms;
        final List<Alert> alerts = new ArrayList<>();
    }

    private final Supplier<Figures> figures;
    private final double errorRateLimit;
    private final double p95LimitMs;
    private final long windowMillis;
    private final int minRequests;
    private final long intervalMillis;
    private final boolean critical;

    PerformanceCheck(Supplier<Figures> figures, double errorRateLimit, double p95LimitMs, long windowMillis,
                     int minRequests, long intervalMillis, boolean critical) {
        this.figures = figures;
        this.errorRateLimit = errorRateLimit;
        this.p95LimitMs = p95LimitMs;
        this.windowMillis = windowMillis;
        this.minRequests = minRequests;
        this.intervalMillis = intervalMillis;
        this.critical = critical;
    }

    /** The check on the agent's request figures and alerts. */
    static PerformanceCheck of(AgentContext context, RequestMetrics metrics, LongSupplier clock, boolean critical) {
        Config c = context.config();
        long window = c.get(Keys.HEALTH_PERFORMANCE_WINDOW);
        // The figures change once per rotation, so checking more often would only repeat the last answer.
        return new PerformanceCheck(new RequestFigures(context, metrics, clock, window), c.get(Keys.BUDGET_ERROR_RATE), c.get(Keys.BUDGET_P95), window,
                c.get(Keys.HEALTH_PERFORMANCE_MIN_REQUESTS), context.registry().windowConfig().sliceMillis(), critical);
    }

    /**
     * The request figures of the last {@code window} and the critical alerts not on health. A class rather than a
     * lambda: that lambda's shape cost the agent's start three generated method-handle classes.
     */
    private static final class RequestFigures implements Supplier<Figures> {
        private final AgentContext context;
        private final RequestMetrics metrics;
        private final LongSupplier clock;
        private final long window;

        RequestFigures(AgentContext context, RequestMetrics metrics, LongSupplier clock, long window) {
            this.context = context;
            this.metrics = metrics;
            this.clock = clock;
            this.window = window;
        }

        @Override
        public Figures get() {
            RequestWindow w = new RequestWindow(metrics.byStatus(), window, clock.getAsLong(), null, null);
            Figures f = new Figures();
            f.requests = w.all.count;
            f.errors = w.errors;
            f.p95Ms = w.all.p95;
            for (Alert a : AlertEngine.activeAlerts(context)) {
                if (a.severity().compareTo(Severity.CRITICAL) >= 0 && !a.onHealth()) {
                    f.alerts.add(a);
                }
            }
            return f;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String measurement() {
        return "errorRate";
    }

    @Override
    public String componentType() {
        return "system";
    }

    @Override
    public long intervalMillis() {
        return intervalMillis;
    }

    /** A computation on figures already in memory: a breaker would only delay the recovery it reports. */
    @Override
    public boolean usesBreaker() {
        return false;
    }

    @Override
    public CheckResult run() {
        Figures f = figures.get();
        Score score = score(f);
        HealthStatus status = score.issues.isEmpty() ? HealthStatus.HEALTHY
                : critical ? HealthStatus.UNHEALTHY : HealthStatus.DEGRADED;
        String message;
        if (!score.issues.isEmpty()) {
            message = String.join("; ", score.issues);
        } else if (f.requests < minRequests) {
            message = f.requests + " requests in the last " + windowMillis / 1000 + " s: too few to judge error rate and p95";
        } else {
            message = "error rate and p95 within budget over the last " + windowMillis / 1000 + " s";
        }
        Map<String, Object> scoreDetail = new LinkedHashMap<>();
        scoreDetail.put("score", score.score);
        scoreDetail.put("status", score.status);
        scoreDetail.put("issues", score.issues);
        scoreDetail.put("recommendations", score.recommendations);
        List<String> alerts = new ArrayList<>();
        for (Alert a : f.alerts) {
            alerts.add(a.ruleName());
        }
        return CheckResult.of(status, message)
                .observed(round(errorRate(f)), "percent")
                .detail("window", windowMillis)
                .detail("requests", f.requests)
                .detail("errorRate", round(errorRate(f)))
                .detail("errorRateBudget", errorRateLimit)
                .detail("p95", round(f.p95Ms))
                .detail("p95Budget", p95LimitMs)
                .detail("criticalAlerts", alerts)
                .detail("score", scoreDetail);
    }

    /** The performance part of the service's score. */
    Score score() {
        return score(figures.get());
    }

    Score score(Figures f) {
        Score.Builder b = Score.builder();
        if (f.requests >= minRequests) {
            double rate = errorRate(f);
            if (rate > errorRateLimit) {
                b.deduct(ERROR_RATE_POINTS, "error rate " + Budget.format(round(rate)) + "% over budget "
                                + Budget.format(errorRateLimit) + "% (" + f.errors + " of " + f.requests + " requests)",
                        "see /health/metrics/errors for the routes and statuses that fail");
            }
            if (f.p95Ms > p95LimitMs) {
                b.deduct(P95_POINTS, "p95 " + Budget.format(round(f.p95Ms)) + "ms over budget "
                        + Budget.format(p95LimitMs) + "ms", "see /health/slow for where slow requests spend their time");
            }
        }
        for (Alert a : f.alerts) {
            b.deduct(ALERT_POINTS, a.severity().label() + " alert firing: " + a.ruleName(), "see /alerts/active");
        }
        return b.build();
    }

    private static double errorRate(Figures f) {
        return f.requests == 0 ? 0 : 100.0 * f.errors / f.requests;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
