package dev.vitals.agent.alerts.notify;

import dev.vitals.agent.alerts.Alert;

import java.util.List;

/**
 * One thing to tell the channels: an alert fired, is still firing after its cooldown (a repeat), is still
 * firing unacknowledged after {@code alerts.escalation.after} (an escalation, for the escalation channels),
 * resolved, or (Alertmanager only) is still firing and must be re-sent so that Alertmanager keeps it. Immutable: the
 * alert is a copy taken when the event happened.
 */
public final class Notification {
    /** What happened. */
    public enum Kind {
        FIRING, REPEAT, ESCALATED, RESOLVED, SYNC;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public final Kind kind;
    public final Alert alert;
    public final List<String> recipients;
    public final String service;
    public final String environment;
    /** Where a human finds the alert, e.g. {@code http://host:9715/alerts/active}. */
    public final String generatorUrl;
    public final long timestamp;
    /**
     * True when people are not to be told (the alert is acknowledged, or its rule's cooldown is running):
     * only Alertmanager, which keeps state rather than paging, still gets it.
     */
    public final boolean quiet;

    public Notification(Kind kind, Alert alert, List<String> recipients, String service, String environment,
                        String generatorUrl, long timestamp, boolean quiet) {
        this.kind = kind;
        this.quiet = quiet;
        this.alert = alert;
        this.recipients = recipients;
        this.service = service;
        this.environment = environment;
        this.generatorUrl = generatorUrl;
        this.timestamp = timestamp;
    }

    /** A one-line summary for chat and mail subjects, e.g. {@code [FIRING critical] High Response Time: ...}. */
    public String title() {
        String state = kind == Kind.RESOLVED ? "RESOLVED" : kind == Kind.ESCALATED ? "ESCALATED" : "FIRING";
        return "[" + state + " " + alert.severity().label() + "] " + alert.ruleName() + " (" + service + ")";
    }
}
