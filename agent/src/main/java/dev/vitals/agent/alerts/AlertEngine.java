package dev.vitals.agent.alerts;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vitals.agent.AgentContext;
import dev.vitals.agent.alerts.notify.Channel;
import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.history.AlertHistory;
import dev.vitals.agent.history.AlertRecord;
import dev.vitals.agent.log.Log;
import dev.vitals.exporter.HttpError;
import dev.vitals.exporter.prometheus.MetricsSink;
import dev.vitals.exporter.prometheus.MetricsSource;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The alerting feature: puts together the {@link RuleStore} (rules), the {@link Evaluator} (the state machine
 * of firing, cooldown and resolving), the {@link Notifier} (channels and the live stream) and the
 * {@link AlertEndpoints}, and evaluates every enabled rule on the agent's scheduler thread each
 * {@code alerts.interval}, never on a request thread.
 *
 * <p>Rule changes and alert state are written to disk (see {@link AlertStore}): rules before the API answers,
 * alerts whenever one changes, so active alerts, acknowledgements and cooldowns survive {@code kill -9}.
 *
 * <p>Thread-safe: one lock guards the rules and the evaluator; subject values are read outside it, and
 * notifications are handed over after it is released.
 */
public final class AlertEngine implements MetricsSource {
    private static final String[] SEVERITY = {"severity"};

    private final Config config;
    private final Subjects subjects;
    private final CustomMetrics custom;
    private final AlertStore store;
    private final Notifier notifier;
    private final Object lock = new Object();
    private final Object customSaveLock = new Object();
    private final RuleStore rules;
    private final Evaluator evaluator;

    AlertEngine(AgentContext context, Path dir, List<Channel> channels, long nowMillis) {
        this.config = context.config();
        this.custom = new CustomMetrics(context.registry(), context.registryMetrics());
        this.subjects = new Subjects(context, custom, config.get(Keys.ALERTS_WINDOW),
                config.get(Keys.ALERTS_MIN_REQUESTS));
        this.store = new AlertStore(dir);
        for (String problem : custom.restore(store.loadCustomMetrics())) {
            Log.warn("alerts: a stored custom metric could not be restored and starts empty: " + problem);
        }
        this.notifier = new Notifier(config, channels, context.stream(), context.serviceName());
        this.evaluator = new Evaluator(config.get(Keys.ALERTS_HISTORY_LIMIT), notifier.alertmanager(),
                config.get(Keys.ALERTS_ALERTMANAGER_RESEND), Evaluator.randomIds(), config.get(Keys.ALERTS_ESCALATION_AFTER));
        synchronized (lock) {
            this.rules = new RuleStore(store, config.get(Keys.ALERTS_DEFAULTS) ? DefaultRules.build(config, nowMillis)
                    : Collections.emptyList(), config.get(Keys.ALERTS_RULES_LIMIT), config.get(Keys.ALERTS_COOLDOWN),
                    subjects::problem);
            evaluator.restore(store.loadHistory(), store.loadLastNotified(), rules::get, nowMillis);
            Log.info("alerts: " + rules.size() + " rules, " + evaluator.historySize() + " alerts in history ("
                    + evaluator.active().size() + " active), notifications via " + notifier.channelNames());
        }
    }

    /**
     * Builds the engine from the configuration, registers its endpoints, stream group and metrics, and schedules
     * evaluation. Called once while the agent starts, before the listener starts; never throws.
     */
    public static void install(AgentContext context) {
        Config config = context.config();
        if (!config.get(Keys.ALERTS_ENABLED)) {
            Log.info("alerts.enabled=false: no alert rules are evaluated");
            return;
        }
        try {
            Path dir = Paths.get(config.get(Keys.DATA_DIR), "alerts");
            AlertEngine engine = new AlertEngine(context, dir, Notifier.channels(config), System.currentTimeMillis());
            context.addMetricsSource(engine);
            context.addMetricsSource(engine.custom);
            Runtime.getRuntime().addShutdownHook(new Thread(engine::saveCustomMetrics, "vitals-custom-metrics"));
            context.addMetricsSource(engine.notifier.dispatcher());
            context.addEndpoints(new AlertEndpoints(engine));
            context.stream().registerGroup("alerts", g -> {
                g.writeStartArray();
                for (Alert a : engine.active()) {
                    AlertView.write(g, a, AlertView.Shape.STREAM);
                }
                g.writeEndArray();
            });
            context.provide(AlertEngine.class, engine);
            context.provide(AlertHistory.class, engine::alertsBetween);
            if (!engine.notifier.dispatcher().lanes().isEmpty()) {
                context.health().register(new NotificationCheck(engine.notifier.dispatcher()));
            }
            long interval = config.get(Keys.ALERTS_INTERVAL);
            context.scheduler().scheduleWithFixedDelay(engine::evaluateSafely, interval, interval, TimeUnit.MILLISECONDS);
        } catch (Throwable t) {
            Log.error("alerts could not start; Vitals runs without alerting", t);
        }
    }

    // ---- evaluation ----

    void evaluateSafely() {
        try {
            evaluate(System.currentTimeMillis());
        } catch (Throwable t) {
            Log.warnRateLimited("alerts-evaluate", "alerts: evaluating rules failed", t);
        }
    }

    void evaluate(long now) {
        saveCustomMetrics();
        List<AlertRule> enabled;
        synchronized (lock) {
            enabled = rules.enabled();
        }
        Subjects.Reading reading = subjects.reading(now);
        for (AlertRule r : enabled) {
            reading.want(r);
        }
        Map<String, Double> values = new HashMap<>();
        for (AlertRule r : enabled) {
            try {
                values.put(r.id, reading.observation(r));
            } catch (RuntimeException e) {
                Log.warnRateLimited("alerts-subject-" + r.metric, "alerts: reading " + r.metric + " for rule "
                        + r.id + " failed", e);
            }
        }
        List<Evaluator.Transition> out = new ArrayList<>();
        synchronized (lock) {
            boolean changed = false;
            // Most severe first: a critical alert that fires in this round already holds back the warning on its subject.
            enabled.sort((x, y) -> y.severity.compareTo(x.severity));
            for (AlertRule r : enabled) {
                AlertRule rule = rules.get(r.id);
                Double value = values.get(r.id);
                if (rule == null || !rule.enabled || value == null) {
                    continue; // changed through the API while values were read, or its reading failed
                }
                changed |= evaluator.observe(rule, value, now, out);
            }
            if (changed) {
                saveHistory(false);
            }
        }
        notifier.deliver(out, now);
    }

    /**
     * Writes the custom metrics when values arrived since the last write: every evaluation round and at a graceful
     * shutdown, so a {@code kill -9} loses at most one {@code alerts.interval} of them.
     */
    void saveCustomMetrics() {
        synchronized (customSaveLock) {
            if (!custom.changed()) {
                return;
            }
            try {
                store.saveCustomMetrics(custom::write);
            } catch (IOException | RuntimeException e) {
                custom.markChanged();
                Log.warnRateLimited("alerts-custom", "alerts: writing the custom metrics failed; they are kept in memory "
                        + "until a write succeeds", e);
            }
        }
    }

    /** Writes the alert state; through the API ({@code orFail}) a failed write answers 503. */
    private void saveHistory(boolean orFail) {
        try {
            store.saveHistory(evaluator.history(), evaluator.lastNotified());
        } catch (IOException e) {
            Log.warnRateLimited("alerts-history", "alerts: writing the alert history failed; it lives in memory only "
                    + "until a write succeeds", e);
            if (orFail) {
                throw new HttpError(503, "storage_unavailable", "the alert history could not be written to data.dir: "
                        + e.getClass().getSimpleName());
            }
        }
    }

    // ---- API ----

    List<AlertRule> rules() {
        synchronized (lock) {
            return rules.all();
        }
    }

    AlertRule rule(String id) {
        synchronized (lock) {
            return rules.get(id);
        }
    }

    double lastValue(String ruleId) {
        synchronized (lock) {
            return evaluator.lastValue(ruleId);
        }
    }

    /** disabled, inactive, pending, firing or acknowledged. */
    String ruleState(String ruleId) {
        synchronized (lock) {
            return evaluator.state(rules.get(ruleId));
        }
    }

    AlertRule create(Object body, long now) {
        synchronized (lock) {
            return rules.create(body, now);
        }
    }

    AlertRule update(String id, Object body, long now) {
        List<Evaluator.Transition> out = new ArrayList<>();
        AlertRule updated;
        synchronized (lock) {
            updated = rules.update(id, body, now);
            if (!updated.enabled && evaluator.disabled(updated, now, out)) {
                saveHistory(false);
            }
        }
        notifier.deliver(out, now);
        return updated;
    }

    void delete(String id, long now) {
        List<Evaluator.Transition> out = new ArrayList<>();
        synchronized (lock) {
            AlertRule old = rules.delete(id);
            if (evaluator.deleted(old, now, out)) {
                saveHistory(false);
            }
        }
        notifier.deliver(out, now);
    }

    Alert acknowledge(String alertId, long now) {
        synchronized (lock) {
            Alert a = evaluator.acknowledge(alertId, now);
            saveHistory(true);
            return a;
        }
    }

    Alert resolveByApi(String alertId, long now) {
        List<Evaluator.Transition> out = new ArrayList<>();
        Alert copy;
        synchronized (lock) {
            copy = evaluator.resolveByHand(alertId, rules.get(evaluator.ruleOf(alertId)), now, out);
            saveHistory(true);
        }
        notifier.deliver(out, now);
        return copy;
    }

    List<Alert> active() {
        synchronized (lock) {
            return evaluator.active();
        }
    }

    /** Alerts that fired in {@code [fromMillis, toMillis)}, oldest first: what performance reports list. */
    List<AlertRecord> alertsBetween(long fromMillis, long toMillis) {
        synchronized (lock) {
            List<AlertRecord> out = new ArrayList<>();
            for (Alert a : evaluator.history()) {
                if (a.firedAt >= fromMillis && a.firedAt < toMillis) {
                    out.add(a.reportRecord());
                }
            }
            return out;
        }
    }

    /** The newest {@code limit} alerts, newest first. */
    List<Alert> history(int limit) {
        synchronized (lock) {
            return evaluator.newest(limit);
        }
    }

    int historySize() {
        synchronized (lock) {
            return evaluator.historySize();
        }
    }

    CustomMetrics custom() {
        return custom;
    }

    Subjects subjects() {
        return subjects;
    }

    /** The configured warning and critical thresholds that {@code /health/alerts} shows. */
    Map<String, double[]> thresholds() {
        Map<String, double[]> t = new LinkedHashMap<>();
        t.put("responseTime", new double[] {config.get(Keys.ALERTS_RESPONSE_WARNING), config.get(Keys.ALERTS_RESPONSE_CRITICAL)});
        t.put("errorRate", new double[] {config.get(Keys.ALERTS_ERROR_RATE_WARNING), config.get(Keys.ALERTS_ERROR_RATE_CRITICAL)});
        t.put("memoryUsage", new double[] {config.get(Keys.ALERTS_MEMORY_WARNING) / (1024.0 * 1024.0),
                config.get(Keys.ALERTS_MEMORY_CRITICAL) / (1024.0 * 1024.0)});
        return t;
    }

    @Override
    public void collect(MetricsSink sink) {
        int[] counts = new int[Severity.values().length];
        for (Alert a : active()) {
            counts[a.severity.ordinal()]++;
        }
        for (Severity s : Severity.values()) {
            sink.gauge("vitals_alerts_active", "Active (firing or acknowledged) alerts, per severity.", null, SEVERITY,
                    new String[] {s.label()}, counts[s.ordinal()]);
        }
    }

    /**
     * The active alerts of the engine registered in {@code context}, for the dashboard's {@code alerts[]};
     * empty when alerting is off.
     */
    public static List<Alert> activeAlerts(AgentContext context) {
        AlertEngine engine = context.service(AlertEngine.class);
        return engine == null ? Collections.emptyList() : engine.active();
    }

    /** One item of the dashboard's {@code alerts[]}: the summary shape of {@code /health/alerts}. */
    public static void writeDashboardItem(JsonGenerator g, Alert a) throws IOException {
        AlertView.write(g, a, AlertView.Shape.SUMMARY);
    }
}
