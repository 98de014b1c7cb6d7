package dev.vitals.exporter;

/**
 * Where the exporter reports its own failures: unexpected handler exceptions and warnings from Undertow and
 * XNIO. Implementations must be thread-safe and must not throw.
 *
 * <p>The exporter never uses {@code java.util.logging}, because initialising it early breaks application
 * servers that install their own {@code LogManager}.
 */
@FunctionalInterface
public interface ExporterLog {

    /**
     * Reports one problem.
     *
     * @param message what went wrong, without secrets
     * @param error the cause, or {@code null}
     */
    void warn(String message, Throwable error);

    /**
     * The default: one line on {@code System.err} with the prefix {@code [vitals] WARN }, the message and the
     * exception's class and message (no stack trace).
     */
    static ExporterLog stderr() {
        return StderrLog.INSTANCE;
    }
}

/** One line per problem on System.err; line breaks inside messages are flattened so a log stays greppable. */
final class StderrLog implements ExporterLog {
    static final StderrLog INSTANCE = new StderrLog();

    private StderrLog() {
    }

    @Override
    public void warn(String message, Throwable error) {
        StringBuilder line = new StringBuilder("[vitals] WARN ").append(message);
        if (error != null) {
            line.append(": ").append(error);
        }
        System.err.println(line.toString().replace('\r', ' ').replace('\n', ' '));
    }
}
