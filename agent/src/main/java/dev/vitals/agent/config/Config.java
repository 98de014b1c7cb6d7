package dev.vitals.agent.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The effective configuration: one parsed value and its source per key. Immutable. */
public final class Config {
    /** Shown instead of a secret value. */
    public static final String REDACTED = "****";

    private final Map<ConfigKey<?>, Object> values;
    private final Map<ConfigKey<?>, Source> sources;
    private final List<String> warnings;

    Config(Map<ConfigKey<?>, Object> values, Map<ConfigKey<?>, Source> sources, List<String> warnings) {
        this.values = values;
        this.sources = sources;
        this.warnings = Collections.unmodifiableList(warnings);
    }

    public <T> T get(ConfigKey<T> key) {
        @SuppressWarnings("unchecked")
        T value = (T) values.get(key);
        return value != null ? value : key.defaultValue();
    }

    public Source source(ConfigKey<?> key) {
        Source s = sources.get(key);
        return s != null ? s : Source.DEFAULT;
    }

    /** The value as printed to people: formatted, and {@code ****} for a non-empty secret. */
    public String display(ConfigKey<?> key) {
        String text = key.format(get(key));
        return key.secret() && !text.isEmpty() ? REDACTED : text;
    }

    /** One line per problem found while loading (bad values, unknown keys). */
    public List<String> warnings() {
        return warnings;
    }
}
