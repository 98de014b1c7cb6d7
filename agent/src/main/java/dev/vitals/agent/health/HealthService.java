package dev.vitals.agent.health;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.config.Keys;
import dev.vitals.bootstrap.lifecycle.ServerLifecycle;
import dev.vitals.exporter.prometheus.MetricsSink;
import dev.vitals.exporter.prometheus.MetricsSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The service's health as the probes and {@code /health} see it, computed from the latest background
 * check results: a critical check unhealthy makes the service unhealthy; any other check unhealthy or
 * degraded makes it degraded.
 */
public final class HealthService implements MetricsSource {
    /** In {@code health.critical}: every database check, whatever its name. */
    static final String ALL_DATABASES = "databases";

    private final AgentContext context;
    private final HealthRegistry registry;
    private final Set<String> critical;
    private final boolean readyNeedsServer;
    private final Availability availability;
    /** The parts of the service's score other than the checks, by name, in the order they were added. */
    private final Map<String, Supplier<Score>> scoreParts = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

    public HealthService(AgentContext context, HealthRegistry registry) {
        this.context = context;
        this.registry = registry;
        this.critical = new HashSet<>();
        for (String name : context.config().get(Keys.HEALTH_CRITICAL).split(",")) {
            if (!name.trim().isEmpty()) {
                critical.add(name.trim().toLowerCase(Locale.ROOT));
            }
        }
        this.readyNeedsServer = context.config().get(Keys.HEALTH_READY_SERVER);
        this.availability = new Availability(context.config().get(Keys.BUDGET_AVAILABILITY_WINDOW),
                context.config().get(Keys.HEALTH_SAMPLE_INTERVAL));
    }

    /** Availability against the budget's target, from the aggregate status sampled over time. */
    public Availability availability() {
        return availability;
    }

    /** Samples the aggregate status into {@link #availability()} on the agent's scheduler. */
    public void startAvailabilityTracking(java.util.concurrent.ScheduledExecutorService scheduler) {
        long every = availability.intervalMillis();
        scheduler.scheduleAtFixedRate(() -> {
            try {
                availability.sample(aggregate(registry.snapshot()));
            } catch (Throwable t) {
                dev.vitals.agent.log.Log.warnRateLimited("availability", "sampling the health status failed", t);
            }
        }, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Registers a check, critical when {@code health.critical} names it (or its kind, for databases). */
    public void register(HealthCheck check) {
        registry.register(check, isCritical(check.name(), check.component()));
    }

    /** Whether {@code health.critical} names the check {@code name} (or its kind, for databases). */
    public boolean isCritical(String name, String component) {
        return critical.contains(name.toLowerCase(Locale.ROOT))
                || (critical.contains(ALL_DATABASES) && "database".equals(component));
    }

    /**
     * Adds a part of the service's {@link #score()}: {@code part} names it in the reasons (database, cache,
     * circuit-breakers, performance); the supplier returns null while there is nothing to score (no pool seen yet).
     * Called from a feature's wiring.
     */
    public void addScore(String part, Supplier<Score> score) {
        scoreParts.put(part, score);
    }

    /**
     * The service's 0-100 score: the weakest of its {@link #scoreParts() parts}, with every part's issues.
     */
    public Score score() {
        return Score.weakest(scoreParts());
    }

    /**
     * The parts of the service's score: the checks (a critical check unhealthy takes 50 and fails the part, another
     * unhealthy check 25, a degraded one 10; a check that is a part of its own, like performance, is left to it) and
     * every part added with {@link #addScore} that has something to score.
     */
    public Map<String, Score> scoreParts() {
        Map<String, Score> parts = new LinkedHashMap<>();
        Score.Builder checks = Score.builder();
        for (CheckState s : registry.snapshot()) {
            if (scoreParts.containsKey(s.name())) {
                continue;
            }
            String issue = s.name() + " " + s.status().label() + ": " + s.result().message();
            if (s.status() == HealthStatus.UNHEALTHY && s.critical()) {
                checks.failing().deduct(50, issue, null);
            } else if (s.status() == HealthStatus.UNHEALTHY) {
                checks.deduct(25, issue, null);
            } else if (s.status() == HealthStatus.DEGRADED) {
                checks.deduct(10, issue, null);
            }
        }
        parts.put("checks", checks.build());
        List<Map.Entry<String, Supplier<Score>>> sources;
        synchronized (scoreParts) {
            sources = new ArrayList<>(scoreParts.entrySet());
        }
        for (Map.Entry<String, Supplier<Score>> e : sources) {
            try {
                Score part = e.getValue().get();
                if (part != null) {
                    parts.put(e.getKey(), part);
                }
            } catch (RuntimeException ex) {
                dev.vitals.agent.log.Log.warnRateLimited("score:" + e.getKey(), "computing the " + e.getKey()
                        + " score failed", ex);
            }
        }
        return parts;
    }

    public HealthRegistry registry() {
        return registry;
    }

    public List<CheckState> checks() {
        return registry.snapshot();
    }

    public static HealthStatus aggregate(List<CheckState> states) {
        HealthStatus status = HealthStatus.HEALTHY;
        for (CheckState s : states) {
            if (s.status() == HealthStatus.UNHEALTHY) {
                status = status.worse(s.critical() ? HealthStatus.UNHEALTHY : HealthStatus.DEGRADED);
            } else {
                status = status.worse(s.status());
            }
        }
        return status;
    }

    /** Readiness, with each failing check named; see {@link #readiness(boolean)}. */
    public Readiness readiness() {
        return readiness(true);
    }

    /**
     * Readiness: the application's server accepts requests and no critical dependency is down.
     *
     * @param named whether reasons name the failing checks and quote their messages (which may hold host names)
     */
    public Readiness readiness(boolean named) {
        List<String> reasons = new ArrayList<>();
        if (readyNeedsServer && !ServerLifecycle.isStarted()) {
            reasons.add("the application's web server has not started yet");
        }
        for (CheckState s : registry.snapshot()) {
            if (s.critical() && s.status() == HealthStatus.UNHEALTHY) {
                reasons.add(named ? "critical check " + s.name() + " is unhealthy: " + s.result().message()
                        : "a critical check is unhealthy; /health/detailed names it (with the token)");
            }
        }
        return new Readiness(reasons.isEmpty(), reasons);
    }

    /** Startup probe: the application's server has started (or no server is required). */
    public boolean started() {
        return !readyNeedsServer || ServerLifecycle.isStarted();
    }

    @Override
    public void collect(MetricsSink sink) {
        String[] names = {"check", "status"};
        for (CheckState s : registry.snapshot()) {
            for (HealthStatus status : HealthStatus.values()) {
                sink.gauge("vitals_health_check_status", "1 for the current status of each health check, 0 otherwise.", "",
                        names, new String[] {s.name(), status.label()}, s.status() == status ? 1 : 0);
            }
        }
        Map<String, Score> parts = scoreParts();
        parts.put("service", Score.weakest(parts));
        for (Map.Entry<String, Score> e : parts.entrySet()) {
            sink.gauge("vitals_health_score", "0-100 health score of the service and of each part scored (database, "
                    + "cache, circuit breakers, performance).", "", new String[] {"part"}, new String[] {e.getKey()}, e.getValue().score);
        }
    }

    /** Whether the service is ready, and if not, why. */
    public static final class Readiness {
        public final boolean ready;
        public final List<String> reasons;

        Readiness(boolean ready, List<String> reasons) {
            this.ready = ready;
            this.reasons = reasons;
        }
    }
}
