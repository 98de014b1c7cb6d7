package dev.vitals.agent.config;

/**
 * One configuration key. The name has no {@code vitals.} prefix: {@code exporter.port} is written
 * {@code exporter.port=0} in agent arguments and the properties file, {@code -Dvitals.exporter.port=0}
 * as a system property and {@code VITALS_EXPORTER_PORT=0} in the environment.
 */
public final class ConfigKey<T> {
    private final String name;
    private final ValueParser<T> parser;
    private final T defaultValue;
    private final boolean secret;
    private final String description;

    ConfigKey(String name, ValueParser<T> parser, T defaultValue, boolean secret, String description) {
        this.name = name;
        this.parser = parser;
        this.defaultValue = defaultValue;
        this.secret = secret;
        this.description = description;
    }

    public String name() {
        return name;
    }

    public ValueParser<T> parser() {
        return parser;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** Secrets are shown as {@code ****} everywhere: endpoints, logs and the config CLI. */
    public boolean secret() {
        return secret;
    }

    public String description() {
        return description;
    }

    public String envName() {
        return "VITALS_" + name.replace('.', '_').replace('-', '_').toUpperCase(java.util.Locale.ROOT);
    }

    String format(Object value) {
        @SuppressWarnings("unchecked")
        T typed = (T) value;
        return typed == null ? "" : parser.format(typed);
    }

    @Override
    public String toString() {
        return name;
    }
}
