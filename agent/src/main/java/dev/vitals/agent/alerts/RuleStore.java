package dev.vitals.agent.alerts;

import dev.vitals.agent.log.Log;
import dev.vitals.exporter.HttpError;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The rules: the defaults built from configuration, changed or deleted through the API, and the API's own.
 * Every change is written to {@code rules.json} before it is accepted; a failed write undoes the change and
 * answers 503, so what the API acknowledged survives {@code kill -9}. Only API rules and changed defaults are
 * stored, so a new default threshold in the configuration applies at the next start unless it was changed.
 *
 * <p>Not thread-safe: the {@link AlertEngine} calls it under its lock.
 */
final class RuleStore {
    private final AlertStore store;
    private final int limit;
    private final long defaultCooldown;
    private final RuleParser.MetricCheck subjectProblem;
    private final Map<String, AlertRule> rules = new LinkedHashMap<>();
    private final Set<String> defaultIds = new LinkedHashSet<>();
    private final Set<String> overriddenDefaults = new LinkedHashSet<>();
    private final Set<String> deletedDefaults = new LinkedHashSet<>();

    /**
     * @param defaults the configured default rules, empty when {@code alerts.defaults=false}
     * @param subjectProblem why a metric cannot be a subject (see {@link Subjects#problem}), or null
     */
    RuleStore(AlertStore store, List<AlertRule> defaults, int limit, long defaultCooldown,
              RuleParser.MetricCheck subjectProblem) {
        this.store = store;
        this.limit = limit;
        this.defaultCooldown = defaultCooldown;
        this.subjectProblem = subjectProblem;
        AlertStore.StoredRules stored = store.loadRules();
        Map<String, AlertRule> storedById = new LinkedHashMap<>();
        for (AlertRule r : stored.rules) {
            storedById.put(r.id, r);
        }
        deletedDefaults.addAll(stored.deletedDefaults);
        for (AlertRule d : defaults) {
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
        for (AlertRule r : storedById.values()) {
            if (!AlertRule.SOURCE_DEFAULT.equals(r.source)) {
                rules.put(r.id, r);
            }
        }
    }

    List<AlertRule> all() {
        return new ArrayList<>(rules.values());
    }

    List<AlertRule> enabled() {
        List<AlertRule> out = new ArrayList<>();
        for (AlertRule r : rules.values()) {
            if (r.enabled) {
                out.add(r);
            }
        }
        return out;
    }

    AlertRule get(String id) {
        return rules.get(id);
    }

    int size() {
        return rules.size();
    }

    AlertRule create(Object body, long now) {
        if (rules.size() >= limit) {
            throw HttpError.conflict("there are already " + limit + " rules (alerts.rules.limit); delete one first");
        }
        String id = "rule-" + UUID.randomUUID().toString().substring(0, 13).replace("-", "");
        AlertRule rule = RuleParser.parse(body, null, false, id, now, defaultCooldown, subjectProblem);
        rules.put(rule.id, rule);
        try {
            save();
        } catch (HttpError e) {
            rules.remove(rule.id);
            throw e;
        }
        return rule;
    }

    /** Replaces the rule with {@code body} applied to it; 404 when there is none. */
    AlertRule update(String id, Object body, long now) {
        AlertRule old = rules.get(id);
        if (old == null) {
            throw HttpError.notFound("no alert rule with id '" + id + "'");
        }
        AlertRule updated = RuleParser.parse(body, old, false, id, now, defaultCooldown, subjectProblem);
        rules.put(id, updated);
        boolean wasOverridden = overriddenDefaults.contains(id);
        if (defaultIds.contains(id)) {
            overriddenDefaults.add(id);
        }
        try {
            save();
        } catch (HttpError e) {
            rules.put(id, old);
            if (!wasOverridden) {
                overriddenDefaults.remove(id);
            }
            throw e;
        }
        return updated;
    }

    /** Removes the rule and returns it; 404 when there is none. A deleted default stays deleted. */
    AlertRule delete(String id) {
        AlertRule old = rules.remove(id);
        if (old == null) {
            throw HttpError.notFound("no alert rule with id '" + id + "'");
        }
        boolean isDefault = defaultIds.contains(id);
        if (isDefault) {
            deletedDefaults.add(id);
        }
        try {
            save();
        } catch (HttpError e) {
            rules.put(id, old);
            if (isDefault) {
                deletedDefaults.remove(id);
            }
            throw e;
        }
        return old;
    }

    private void save() {
        Collection<AlertRule> toStore = new ArrayList<>();
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
}
