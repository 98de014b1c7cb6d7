package dev.vitals.agent.health;

/** A check's or the service's state (healthy, degraded, unhealthy), with the health+json draft's equivalents. */
public enum HealthStatus {
    HEALTHY("healthy", "pass"),
    DEGRADED("degraded", "warn"),
    UNHEALTHY("unhealthy", "fail");

    private final String label;
    private final String draftLabel;

    HealthStatus(String label, String draftLabel) {
        this.label = label;
        this.draftLabel = draftLabel;
    }

    public String label() {
        return label;
    }

    /** {@code pass|warn|fail} of draft-inadarei-api-health-check. */
    public String draftLabel() {
        return draftLabel;
    }

    public HealthStatus worse(HealthStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
