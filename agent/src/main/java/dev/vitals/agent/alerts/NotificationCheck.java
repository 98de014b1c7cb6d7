package dev.vitals.agent.alerts;

import dev.vitals.agent.alerts.notify.Dispatcher;
import dev.vitals.agent.health.CheckResult;
import dev.vitals.agent.health.HealthCheck;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code notifications} health check, so that delivery failures show in {@code /health/detailed}: degraded
 * while a channel's latest attempt failed (never unhealthy: alerting trouble must not fail readiness or count
 * as a dependency down), with each channel's counts and last (URL-free) error as details. Reads counters only.
 */
final class NotificationCheck implements HealthCheck {
    private final Dispatcher dispatcher;

    NotificationCheck(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public String name() {
        return "notifications";
    }

    @Override
    public String measurement() {
        return "deliveries";
    }

    @Override
    public long intervalMillis() {
        return 5_000;
    }

    @Override
    public CheckResult run() {
        List<String> failing = new ArrayList<>();
        Map<String, Object> channels = new LinkedHashMap<>();
        for (Dispatcher.Lane lane : dispatcher.lanes()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("sent", lane.sent());
            c.put("failed", lane.failed());
            c.put("retries", lane.retries());
            if (lane.lastError() != null) {
                c.put("lastError", lane.lastError());
                c.put("lastErrorAt", Instant.ofEpochMilli(lane.lastErrorAt()).toString());
            }
            if (lane.lastSuccessAt() > 0) {
                c.put("lastSuccessAt", Instant.ofEpochMilli(lane.lastSuccessAt()).toString());
            }
            boolean down = lane.lastErrorAt() > lane.lastSuccessAt();
            c.put("status", down ? "failing" : "ok");
            if (down) {
                failing.add(lane.name());
            }
            channels.put(lane.name(), c);
        }
        CheckResult r = failing.isEmpty()
                ? CheckResult.healthy("alert notifications are delivered")
                : CheckResult.degraded("alert notifications failing on " + String.join(", ", failing));
        return r.detail("channels", channels);
    }
}
