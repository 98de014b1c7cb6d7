package dev.vitals.agent.config;

/**
 * Parses one configuration value. Throws {@link IllegalArgumentException} for a bad value; the loader
 * then logs the key, the bad value, {@link #acceptedForm()} and the default used instead.
 */
public interface ValueParser<T> {
    T parse(String raw);

    /** Human-readable accepted form, e.g. "an integer 0-65535". */
    String acceptedForm();

    /** How a parsed value is printed back (for /health/config and the config CLI). */
    default String format(T value) {
        return String.valueOf(value);
    }
}
