package dev.vitals.agent.alerts;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.alerts.notify.AlertmanagerChannel;
import dev.vitals.agent.alerts.notify.Channel;
import dev.vitals.agent.alerts.notify.Dispatcher;
import dev.vitals.agent.alerts.notify.EmailChannel;
import dev.vitals.agent.alerts.notify.Notification;
import dev.vitals.agent.alerts.notify.SlackChannel;
import dev.vitals.agent.alerts.notify.WebhookChannel;
import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.log.Log;
import dev.vitals.agent.web.EndpointGroup;
import dev.vitals.exporter.HttpError;
import dev.vitals.exporter.prometheus.MetricsSink;
import dev.vitals.exporter.prometheus.MetricsSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates alert rules on the agent's scheduler thread, every {@code alerts.interval}, never on a request thread.
 *
 * <p>Per rule: while the condition holds it is <em>pending</em>; once it has held for the rule's
 * {@code duration} an {@link Alert} fires. People are notified at most once per {@code cooldownPeriod} per rule
 * (a new firing inside the cooldown is recorded but quiet; a firing alert is repeated after each cooldown unless
 * acknowledged). When the condition stops holding the alert resolves itself and the resolution is notified.
 * Acknowledging stops notifications but keeps the alert active; resolving through the API ends it, and the
 * condition must then hold for the full duration again before the rule fires anew.
 *
 * <p>Rules changed through the API and the alert history are written to disk (see {@link AlertStore}) before
 * the API answers, so an acknowledged write survives {@code kill -9}. Notifications go to a {@link Dispatcher}
 * and never block evaluation.
 *
 * <p>Thread-safe: one lock guards rules, states and history; subject values are read outside it, and
 * notifications are handed over after it is released.
 */
public final class AlertEngine implements MetricsSource {
    private static final String[] SEVERITY = {"severity"};

    private final AgentContext context;
    private final Config config;
    private final Subjects subjects;
    private final CustomMetrics custom;
    private final AlertStore store;
    private final Dispatcher dispatcher;
    private final int historyLimit;
    private final int rulesLimit;
    private final long defaultCooldown;
    private final long resendMillis;
    private final boolean alertmanager;
    private final String generatorUrl;

    private final Object lock = new Object();
    private final Map<String, AlertRule> rules = new LinkedHashMap<>();
    private final Set<String> defaultIds = new LinkedHashSet<>();
    private final Set<String> overriddenDefaults = new LinkedHashSet<>();
    private final Set<String> deletedDefaults = new LinkedHashSet<>();
    private final Map<String, RuleState> states = new HashMap<>();
    /** Every alert, active ones included, oldest first; bounded by {@code alerts.history.limit}. */
    private final ArrayDeque<Alert> history = new ArrayDeque<>();
    private long evaluations;

    /** Evaluation state of one rule. */
    static final class RuleState {
        long pendingSince;
        Alert active;
        long lastNotifiedAt;
        long lastSyncAt;
        double lastValue = Double.NaN;
    }

    AlertEngine(AgentContext context, Path dir, List<Channel> channels, long nowMillis) {
        this.context = context;
        this.config = context.config();
        this.custom = new CustomMetrics();
        this.subjects = new Subjects(context, custom, config.get(Keys.ALERTS_WINDOW), config.get(Keys.ALERTS_LEAK_WINDOW));
        this.store = new AlertStore(dir);
        this.dispatcher = new Dispatcher(channels, config.get(Keys.ALERTS_NOTIFY_ATTEMPTS), config.get(Keys.ALERTS_NOTIFY_BACKOFF));
        this.historyLimit = config.get(Keys.ALERTS_HISTORY_LIMIT);
        this.rulesLimit = config.get(Keys.ALERTS_RULES_LIMIT);
        this.defaultCooldown = config.get(Keys.ALERTS_COOLDOWN);
        this.resendMillis = config.get(Keys.ALERTS_ALERTMANAGER_RESEND);
        this.alertmanager = channels.stream().anyMatch(c -> c.name().equals("alertmanager"));
        this.generatorUrl = generatorUrl(config);
        load(nowMillis);
    }

    /**
     * Builds the engine from the configuration, registers its endpoints and metrics and schedules evaluation.
     * Called once from the agent's background start, before the listener starts.
     */
    public static void install(AgentContext context) {
        Config config = context.config();
        if (!config.get(Keys.ALERTS_ENABLED)) {
            Log.info("alerts.enabled=false: no alert rules are evaluated");
            return;
        }
        try {
            Path dir = Paths.get(config.get(Keys.DATA_DIR), "alerts");
            AlertEngine engine = new AlertEngine(context, dir, channels(config), System.currentTimeMillis());
            context.addMetricsSource(engine);
            context.addMetricsSource(engine.dispatcher);
            context.addEndpoints(new AlertEndpoints(context, engine));
            context.stream().registerGroup("alerts", g -> {
                g.writeStartArray();
                for (Alert a : engine.active()) {
                    writeForStream(g, a);
                }
                g.writeEndArray();
            });
            dev.vitals.agent.history.History history = dev.vitals.agent.history.History.find(context);
            if (history != null) {
                history.setAlertHistory(engine::alertsBetween);
            }
            if (!engine.dispatcher.lanes().isEmpty()) {
                context.health().register(new NotificationCheck(engine.dispatcher));
            }
            long interval = config.get(Keys.ALERTS_INTERVAL);
            context.scheduler().scheduleWithFixedDelay(engine::evaluateSafely, interval, interval, TimeUnit.MILLISECONDS);
        } catch (Throwable t) {
            Log.error("alerts could not start; Vitals runs without alerting", t);
        }
    }

    static List<Channel> channels(Config config) {
        List<Channel> channels = new ArrayList<>();
        long timeout = config.get(Keys.ALERTS_NOTIFY_TIMEOUT);
        addHttp(channels, config, Keys.ALERTS_WEBHOOK_URL.name(), config.get(Keys.ALERTS_WEBHOOK_URL),
                uri -> new WebhookChannel(uri, config.get(Keys.ALERTS_WEBHOOK_SECRET), timeout));
        addHttp(channels, config, Keys.ALERTS_SLACK_URL.name(), config.get(Keys.ALERTS_SLACK_URL),
                uri -> new SlackChannel(uri, timeout));
        addHttp(channels, config, Keys.ALERTS_ALERTMANAGER_URL.name(), config.get(Keys.ALERTS_ALERTMANAGER_URL),
                uri -> new AlertmanagerChannel(uri, config.get(Keys.ALERTS_ALERTMANAGER_RESEND), timeout));
        EmailChannel email = EmailChannel.fromConfig(config);
        if (email != null) {
            channels.add(email);
        }
        return channels;
    }

    private interface ChannelFactory {
        Channel create(URI uri);
    }

    private static void addHttp(List<Channel> channels, Config config, String key, String url, ChannelFactory factory) {
        if (url == null || url.isEmpty()) {
            return;
        }
        try {
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            channels.add(factory.create(uri));
        } catch (WebhookChannel.InvalidSecretException e) {
            Log.warn(e.getMessage() + "; the webhook channel is off");
        } catch (RuntimeException e) {
            // The URL is a secret: name the key, never the value.
            Log.warn(key + " is not a valid http(s) URL; that notification channel is off");
        }
    }

    private static String generatorUrl(Config config) {
        String external = config.get(Keys.ALERTS_EXTERNAL_URL);
        if (!external.isEmpty()) {
            return (external.endsWith("/") ? external.substring(0, external.length() - 1) : external) + "/alerts/active";
        }
        String host = config.get(Keys.EXPORTER_HOST);
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "localhost";
        }
        return "http://" + host + ":" + config.get(Keys.EXPORTER_PORT) + "/alerts/active";
    }

    // ---- loading ----

    private void load(long now) {
        synchronized (lock) {
            AlertStore.StoredRules stored = store.loadRules();
            Map<String, AlertRule> storedById = new LinkedHashMap<>();
            for (AlertRule r : stored.rules) {
                storedById.put(r.id, r);
            }
            deletedDefaults.addAll(stored.deletedDefaults);
            if (config.get(Keys.ALERTS_DEFAULTS)) {
                for (AlertRule d : DefaultRules.build(config, now)) {
                    defaultIds.add(d.id);
                    if (deletedDefaults.contains(d.id)) {
                        continue;
                    }
                    AlertRule override = storedById.remove(d.id);
                    if (override != null) {
                        overriddenDefaults.add(d.id);
                    }
                    rules.put(d.id, override != null ? override : d);
                }
            }
            for (AlertRule r : storedById.values()) {
                if (!AlertRule.SOURCE_DEFAULT.equals(r.source)) {
                    rules.put(r.id, r);
                }
            }
            List<Alert> loaded = store.loadHistory();
            for (Alert a : loaded) {
                history.addLast(a);
                RuleState state = states.computeIfAbsent(a.ruleId, k -> new RuleState());
                state.lastNotifiedAt = Math.max(state.lastNotifiedAt, a.lastNotifiedAt);
                if (a.active()) {
                    AlertRule rule = rules.get(a.ruleId);
                    if (rule == null || !rule.enabled || state.active != null) {
                        a.status = Alert.RESOLVED;
                        a.resolvedAt = now;
                        a.resolvedBy = rule == null ? "rule-deleted" : "rule-disabled";
                    } else {
                        state.active = a;
                        state.lastSyncAt = 0;
                    }
                }
            }
            trimHistory();
            Log.info("alerts: " + rules.size() + " rules, " + history.size() + " alerts in history ("
                    + activeCount() + " active), notifications via " + channelNames());
        }
    }

    private String channelNames() {
        List<String> names = new ArrayList<>();
        for (Dispatcher.Lane l : dispatcher.lanes()) {
            names.add(l.name());
        }
        return names.isEmpty() ? "no channel" : String.join(", ", names);
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
        List<AlertRule> enabled = new ArrayList<>();
        synchronized (lock) {
            for (AlertRule r : rules.values()) {
                if (r.enabled) {
                    enabled.add(r);
                }
            }
        }
        subjects.sampleMemory(now);
        Subjects.Reading reading = subjects.reading(now);
        for (AlertRule r : enabled) {
            reading.want(r);
        }
        Map<String, Double> values = new HashMap<>();
        for (AlertRule r : enabled) {
            try {
                values.put(r.id, reading.value(r));
            } catch (RuntimeException e) {
                Log.warnRateLimited("alerts-subject-" + r.metric, "alerts: reading " + r.metric + " for rule "
                        + r.id + " failed", e);
            }
        }
        List<Notification> out = new ArrayList<>();
        synchronized (lock) {
            boolean changed = false;
            for (Map.Entry<String, Double> e : values.entrySet()) {
                AlertRule rule = rules.get(e.getKey());
                if (rule == null || !rule.enabled) {
                    continue; // changed through the API while values were read
                }
                changed |= step(rule, e.getValue(), now, out);
            }
            evaluations++;
            if (changed) {
                saveHistoryQuietly();
            }
        }
        deliver(out);
    }

    /** Applies one rule's value; true when the history changed. */
    private boolean step(AlertRule rule, double value, long now, List<Notification> out) {
        RuleState state = states.computeIfAbsent(rule.id, k -> new RuleState());
        state.lastValue = value;
        boolean holds = rule.condition.test(value, rule.threshold);
        if (!holds) {
            state.pendingSince = 0;
            if (state.active != null) {
                state.active.value = value;
                resolve(rule, state, "auto", now, out);
                return true;
            }
            return false;
        }
        if (state.pendingSince == 0) {
            state.pendingSince = now;
        }
        Alert a = state.active;
        if (a == null) {
            if (now - state.pendingSince < rule.durationMillis) {
                return false;
            }
            fire(rule, state, value, now, out);
            return true;
        }
        a.value = value;
        a.message = message(rule, value);
        boolean changed = false;
        if (Alert.FIRING.equals(a.status) && now - state.lastNotifiedAt >= rule.cooldownMillis && rule.cooldownMillis > 0) {
            notifyPeople(Notification.Kind.REPEAT, rule, state, a, now, out);
            changed = true;
        } else if (alertmanager && now - state.lastSyncAt >= resendMillis) {
            out.add(notification(Notification.Kind.SYNC, rule, a, now, true));
            state.lastSyncAt = now;
        }
        return changed;
    }

    private void fire(AlertRule rule, RuleState state, double value, long now, List<Notification> out) {
        Alert a = new Alert("alert-" + UUID.randomUUID(), rule.id);
        a.ruleName = rule.name;
        a.metric = rule.metric + (rule.route != null ? " " + rule.route : "");
        a.category = rule.category();
        a.severity = rule.severity;
        a.condition = rule.condition.label();
        a.threshold = rule.threshold;
        a.value = value;
        Map<String, String> labels = new LinkedHashMap<>(rule.labels);
        a.labels = labels;
        a.message = message(rule, value);
        a.startsAt = state.pendingSince;
        a.firedAt = now;
        state.active = a;
        history.addLast(a);
        trimHistory();
        if (state.lastNotifiedAt == 0 || now - state.lastNotifiedAt >= rule.cooldownMillis) {
            notifyPeople(Notification.Kind.FIRING, rule, state, a, now, out);
        } else {
            Log.debug("alerts: " + rule.id + " fired inside its cooldown; not notified");
            out.add(notification(Notification.Kind.FIRING, rule, a, now, true));
            state.lastSyncAt = now;
        }
    }

    private void notifyPeople(Notification.Kind kind, AlertRule rule, RuleState state, Alert a, long now,
                              List<Notification> out) {
        a.lastNotifiedAt = now;
        a.notifications++;
        state.lastNotifiedAt = now;
        state.lastSyncAt = now;
        out.add(notification(kind, rule, a, now, false));
    }

    private void resolve(AlertRule rule, RuleState state, String by, long now, List<Notification> out) {
        Alert a = state.active;
        boolean quiet = a.notifications == 0 || Alert.ACKNOWLEDGED.equals(a.status);
        a.status = Alert.RESOLVED;
        a.resolvedAt = now;
        a.resolvedBy = by;
        state.active = null;
        if (!quiet) {
            a.lastNotifiedAt = now;
            a.notifications++;
        }
        out.add(notification(Notification.Kind.RESOLVED, rule, a, now, quiet));
    }

    private Notification notification(Notification.Kind kind, AlertRule rule, Alert a, long now, boolean quiet) {
        return new Notification(kind, a.copy(), rule == null ? Collections.emptyList() : rule.recipients,
                context.serviceName(), config.get(Keys.ENVIRONMENT), generatorUrl, now, quiet);
    }

    static String message(AlertRule rule, double value) {
        String unit = unit(rule);
        String subject = rule.metric + (rule.route != null ? " on " + rule.route : "")
                + (rule.matchers.isEmpty() ? "" : rule.matchers.toString());
        String text = rule.name + ": " + subject + " is " + DefaultRules.fmt(round(value)) + unit + " ("
                + rule.condition.label().replace('_', ' ') + " " + DefaultRules.fmt(rule.threshold) + unit + ")";
        if (rule.metric.equals("memory_leak_rate")) {
            text += ". Recommendation: the heap left after GC keeps growing; take two heap dumps minutes apart "
                    + "(jcmd <pid> GC.heap_dump) and compare what grows, typically caches, listeners or static "
                    + "collections without a bound";
        }
        return text;
    }

    private static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 10) / 10.0;
    }

    private static String unit(AlertRule rule) {
        if (rule.denominator != null) {
            return "";
        }
        String m = rule.metric;
        if (m.startsWith("response_time") || m.equals("gc_time")) {
            return "ms";
        }
        if (m.equals("error_rate") || m.equals("memory_usage")) {
            return "%";
        }
        if (m.equals("memory_used")) {
            return "MB";
        }
        if (m.equals("memory_leak_rate")) {
            return "MB/min";
        }
        if (m.equals("requests_per_minute")) {
            return "/min";
        }
        return "";
    }

    private void trimHistory() {
        Iterator<Alert> it = history.iterator();
        int excess = history.size() - historyLimit;
        while (excess > 0 && it.hasNext()) {
            Alert a = it.next();
            if (!a.active()) {
                it.remove();
                excess--;
            }
        }
    }

    private void saveHistoryQuietly() {
        try {
            store.saveHistory(history);
        } catch (IOException e) {
            Log.warnRateLimited("alerts-history", "alerts: writing the alert history failed; it lives in memory only "
                    + "until a write succeeds", e);
        }
    }

    private void saveHistoryOrFail() {
        try {
            store.saveHistory(history);
        } catch (IOException e) {
            Log.warnRateLimited("alerts-history", "alerts: writing the alert history failed", e);
            throw new HttpError(503, "storage_unavailable", "the alert history could not be written to data.dir: "
                    + e.getClass().getSimpleName());
        }
    }

    private void saveRulesOrFail() {
        List<AlertRule> toStore = new ArrayList<>();
        for (AlertRule r : rules.values()) {
            if (!defaultIds.contains(r.id) || overriddenDefaults.contains(r.id)) {
                toStore.add(r);
            }
        }
        try {
            store.saveRules(toStore, deletedDefaults);
        } catch (IOException e) {
            Log.warnRateLimited("alerts-rules", "alerts: writing the alert rules failed", e);
            throw new HttpError(503, "storage_unavailable", "the rule could not be written to data.dir: "
                    + e.getClass().getSimpleName());
        }
    }

    // ---- API ----

    List<AlertRule> rules() {
        synchronized (lock) {
            return new ArrayList<>(rules.values());
        }
    }

    AlertRule rule(String id) {
        synchronized (lock) {
            return rules.get(id);
        }
    }

    double lastValue(String ruleId) {
        synchronized (lock) {
            RuleState s = states.get(ruleId);
            return s == null ? Double.NaN : s.lastValue;
        }
    }

    String ruleState(String ruleId) {
        synchronized (lock) {
            AlertRule r = rules.get(ruleId);
            RuleState s = states.get(ruleId);
            if (r == null || !r.enabled) {
                return "disabled";
            }
            if (s == null) {
                return "inactive";
            }
            if (s.active != null) {
                return s.active.status;
            }
            return s.pendingSince > 0 ? "pending" : "inactive";
        }
    }

    AlertRule create(Object body, long now) {
        synchronized (lock) {
            if (rules.size() >= rulesLimit) {
                throw HttpError.conflict("there are already " + rulesLimit + " rules (alerts.rules.limit); delete one first");
            }
            String id = "rule-" + UUID.randomUUID().toString().substring(0, 13).replace("-", "");
            AlertRule rule = RuleParser.parse(body, null, false, id, now, defaultCooldown, subjects::problem);
            rules.put(rule.id, rule);
            try {
                saveRulesOrFail();
            } catch (HttpError e) {
                rules.remove(rule.id);
                throw e;
            }
            return rule;
        }
    }

    AlertRule update(String id, Object body, long now) {
        List<Notification> out = new ArrayList<>();
        AlertRule updated;
        synchronized (lock) {
            AlertRule old = rules.get(id);
            if (old == null) {
                throw HttpError.notFound("no alert rule with id '" + id + "'");
            }
            updated = RuleParser.parse(body, old, false, id, now, defaultCooldown, subjects::problem);
            rules.put(id, updated);
            boolean wasOverridden = overriddenDefaults.contains(id);
            if (defaultIds.contains(id)) {
                overriddenDefaults.add(id);
            }
            try {
                saveRulesOrFail();
            } catch (HttpError e) {
                rules.put(id, old);
                if (!wasOverridden) {
                    overriddenDefaults.remove(id);
                }
                throw e;
            }
            RuleState state = states.get(id);
            if (!updated.enabled && state != null) {
                state.pendingSince = 0;
                if (state.active != null) {
                    resolve(updated, state, "rule-disabled", now, out);
                    saveHistoryQuietly();
                }
            }
        }
        deliver(out);
        return updated;
    }

    void delete(String id, long now) {
        List<Notification> out = new ArrayList<>();
        synchronized (lock) {
            AlertRule old = rules.remove(id);
            if (old == null) {
                throw HttpError.notFound("no alert rule with id '" + id + "'");
            }
            boolean isDefault = defaultIds.contains(id);
            if (isDefault) {
                deletedDefaults.add(id);
            }
            try {
                saveRulesOrFail();
            } catch (HttpError e) {
                rules.put(id, old);
                if (isDefault) {
                    deletedDefaults.remove(id);
                }
                throw e;
            }
            RuleState state = states.remove(id);
            if (state != null && state.active != null) {
                resolve(old, state, "rule-deleted", now, out);
                saveHistoryQuietly();
            }
        }
        deliver(out);
    }

    /**
     * Hands notifications to their channels, and pushes each firing, acknowledged or resolved alert to the live
     * stream's clients (quiet ones too: the dashboard shows every state change, only people are spared).
     */
    private void deliver(List<Notification> out) {
        for (Notification n : out) {
            dispatcher.send(n);
            if (n.kind == Notification.Kind.FIRING || n.kind == Notification.Kind.RESOLVED) {
                Alert a = n.alert;
                context.stream().publishAlert(g -> writeForStream(g, a));
            }
        }
    }

    /** An alert as the stream and the dashboard page read it: the API's fields plus {@code name}. */
    static void writeForStream(com.fasterxml.jackson.core.JsonGenerator g, Alert a) throws java.io.IOException {
        g.writeStartObject();
        g.writeStringField("id", a.id());
        g.writeStringField("name", a.ruleName());
        g.writeStringField("severity", a.severity().label());
        g.writeStringField("status", a.status());
        g.writeStringField("message", a.message());
        g.writeStringField("metricType", a.metric());
        g.writeNumberField("threshold", a.threshold());
        g.writeNumberField("current", Math.round(a.value() * 1000) / 1000.0);
        g.writeEndObject();
    }

    List<Alert> active() {
        synchronized (lock) {
            List<Alert> out = new ArrayList<>();
            for (Alert a : history) {
                if (a.active()) {
                    out.add(a.copy());
                }
            }
            out.sort((x, y) -> x.severity != y.severity ? y.severity.compareTo(x.severity) : Long.compare(y.firedAt, x.firedAt));
            return out;
        }
    }

    /** Alerts that fired in {@code [fromMillis, toMillis)}, oldest first: what performance reports list. */
    List<dev.vitals.agent.history.AlertRecord> alertsBetween(long fromMillis, long toMillis) {
        synchronized (lock) {
            List<dev.vitals.agent.history.AlertRecord> out = new ArrayList<>();
            for (Alert a : history) {
                if (a.firedAt >= fromMillis && a.firedAt < toMillis) {
                    out.add(new dev.vitals.agent.history.AlertRecord(a.id, a.ruleName, a.severity.label(), a.metric,
                            a.status, a.message, a.value, a.threshold, a.firedAt, a.resolvedAt));
                }
            }
            return out;
        }
    }

    /** The newest {@code limit} alerts, newest first. */
    List<Alert> history(int limit) {
        synchronized (lock) {
            List<Alert> out = new ArrayList<>(Math.min(limit, history.size()));
            Iterator<Alert> it = history.descendingIterator();
            while (it.hasNext() && out.size() < limit) {
                out.add(it.next().copy());
            }
            return out;
        }
    }

    int historySize() {
        synchronized (lock) {
            return history.size();
        }
    }

    private Alert find(String alertId) {
        for (Alert a : history) {
            if (a.id.equals(alertId)) {
                return a;
            }
        }
        throw HttpError.notFound("no alert with id '" + alertId + "'");
    }

    Alert acknowledge(String alertId, long now) {
        synchronized (lock) {
            Alert a = find(alertId);
            if (!a.active()) {
                throw HttpError.conflict("alert '" + alertId + "' is already resolved");
            }
            if (Alert.FIRING.equals(a.status)) {
                a.status = Alert.ACKNOWLEDGED;
                a.acknowledgedAt = now;
                saveHistoryOrFail();
            }
            return a.copy();
        }
    }

    Alert resolveByApi(String alertId, long now) {
        List<Notification> out = new ArrayList<>();
        Alert copy;
        synchronized (lock) {
            Alert a = find(alertId);
            if (!a.active()) {
                throw HttpError.conflict("alert '" + alertId + "' is already resolved");
            }
            RuleState state = states.get(a.ruleId);
            if (state != null && state.active == a) {
                resolve(rules.get(a.ruleId), state, "api", now, out);
                // The condition must hold for the whole duration again before the rule fires anew.
                state.pendingSince = 0;
            } else {
                a.status = Alert.RESOLVED;
                a.resolvedAt = now;
                a.resolvedBy = "api";
            }
            saveHistoryOrFail();
            copy = a.copy();
        }
        deliver(out);
        return copy;
    }

    CustomMetrics custom() {
        return custom;
    }

    Subjects subjects() {
        return subjects;
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    long evaluations() {
        synchronized (lock) {
            return evaluations;
        }
    }

    private int activeCount() {
        int n = 0;
        for (Alert a : history) {
            if (a.active()) {
                n++;
            }
        }
        return n;
    }

    /** The seed 000 thresholds shown by {@code /health/alerts}. */
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
        synchronized (lock) {
            for (Alert a : history) {
                if (a.active()) {
                    counts[a.severity.ordinal()]++;
                }
            }
        }
        for (Severity s : Severity.values()) {
            sink.gauge("vitals_alerts_active", "Active (firing or acknowledged) alerts, per severity.", null, SEVERITY,
                    new String[] {s.label()}, counts[s.ordinal()]);
        }
    }

    /**
     * The active alerts of the engine registered in {@code context}, for the dashboard's {@code alerts[]};
     * empty when alerting is off. Found through the endpoint groups, so the request feature needs no reference.
     */
    public static List<Alert> activeAlerts(AgentContext context) {
        for (EndpointGroup g : context.endpointGroups()) {
            if (g instanceof AlertEndpoints) {
                return ((AlertEndpoints) g).engine().active();
            }
        }
        return Collections.emptyList();
    }

    /** One item of the dashboard's {@code alerts[]}, in seed 000's shape. */
    public static void writeDashboardItem(com.fasterxml.jackson.core.JsonGenerator g, Alert a) throws IOException {
        AlertEndpoints.writeSeed000(g, a);
    }
}
