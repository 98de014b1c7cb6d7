package dev.vitals.agent.config;

/** Where a configuration value came from, lowest precedence first. */
public enum Source {
    DEFAULT("default"),
    FILE("file"),
    ENV("env"),
    SYSTEM("system"),
    AGENT("agent");

    private final String label;

    Source(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
