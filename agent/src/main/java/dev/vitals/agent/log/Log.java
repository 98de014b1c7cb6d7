package dev.vitals.agent.log;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's own log: lines {@code [vitals] LEVEL message} on stderr or in {@code log.file}.
 *
 * <p>It never goes through the application's logging framework or {@code java.util.logging}: touching
 * either from an agent initialises them before the application can configure them (see
 * open-telemetry-java-instrumentation#11151 and jmx_exporter#641, where that broke WildFly's LogManager).
 * Thread-safe; {@link #warnRateLimited} logs a repeated problem at most once a minute per key.
 */
public final class Log {
    public enum Level { ERROR, WARN, INFO, DEBUG }

    private static final long RATE_LIMIT_NANOS = 60_000_000_000L;
    private static final ConcurrentHashMap<String, Long> LAST_LOGGED = new ConcurrentHashMap<>();
    private static final int MAX_RATE_LIMIT_KEYS = 1000;

    private static volatile Level threshold = Level.INFO;
    private static volatile PrintStream out = System.err;

    private Log() {
    }

    /** Applies {@code log.level} and {@code log.file}; a file that cannot be opened keeps stderr. */
    public static void configure(String level, String file) {
        threshold = Level.valueOf(level.toUpperCase(Locale.ROOT));
        if (file != null && !file.isEmpty()) {
            try {
                out = new PrintStream(new FileOutputStream(file, true), true, StandardCharsets.UTF_8.name());
            } catch (IOException e) {
                warn("log.file " + file + " cannot be opened (" + e.getMessage() + "); logging to stderr");
            }
        }
    }

    public static boolean enabled(Level level) {
        return level.ordinal() <= threshold.ordinal();
    }

    public static void error(String message) {
        log(Level.ERROR, message, null);
    }

    public static void error(String message, Throwable t) {
        log(Level.ERROR, message, t);
    }

    public static void warn(String message) {
        log(Level.WARN, message, null);
    }

    public static void warn(String message, Throwable t) {
        log(Level.WARN, message, t);
    }

    public static void info(String message) {
        log(Level.INFO, message, null);
    }

    public static void debug(String message) {
        log(Level.DEBUG, message, null);
    }

    /** Logs at most once a minute per {@code key}, so a failure on a hot path cannot flood the log. */
    public static void warnRateLimited(String key, String message, Throwable t) {
        long now = System.nanoTime();
        Long last = LAST_LOGGED.get(key);
        if (last != null && now - last < RATE_LIMIT_NANOS) {
            return;
        }
        if (LAST_LOGGED.size() >= MAX_RATE_LIMIT_KEYS) {
            LAST_LOGGED.clear();
        }
        LAST_LOGGED.put(key, now);
        log(Level.WARN, message, t);
    }

    private static void log(Level level, String message, Throwable t) {
        if (!enabled(level)) {
            return;
        }
        StringBuilder line = new StringBuilder(64 + message.length());
        line.append("[vitals] ").append(level.name()).append(' ').append(message);
        if (t != null) {
            line.append(": ").append(t);
            if (enabled(Level.DEBUG)) {
                for (StackTraceElement e : t.getStackTrace()) {
                    line.append("\n\tat ").append(e);
                }
            }
        }
        out.println(line);
    }
}
