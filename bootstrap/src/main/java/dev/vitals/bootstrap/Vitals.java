package dev.vitals.bootstrap;

/**
 * The static entry point advice reaches for failures. This is the only static mutable state of the package
 * besides the per-thread {@link CallDepth} and {@link RequestScope}.
 *
 * <p>Contract for advice: every advice method catches {@link Throwable} and passes it here, so a bug in Vitals
 * never reaches the application:
 * <pre>{@code
 * @Advice.OnMethodExit(suppress = Throwable.class) // or an explicit try/catch
 * ...
 * } catch (Throwable t) {
 *     Vitals.reportFailure("jdbc", t);
 * }
 * }</pre>
 */
public final class Vitals {
    private static volatile FailureListener failureListener = FailureListener.NOOP;

    private Vitals() {
    }

    /** Installs the listener; {@code null} restores the no-op. */
    public static void setFailureListener(FailureListener listener) {
        failureListener = listener == null ? FailureListener.NOOP : listener;
    }

    public static FailureListener failureListener() {
        return failureListener;
    }

    /** Passes a failure to the listener. Never throws, whatever the listener does. */
    public static void reportFailure(String instrumentation, Throwable t) {
        try {
            failureListener.onFailure(instrumentation, t);
        } catch (Throwable ignored) {
            // The listener failed too; there is nowhere safe left to report it from an application thread.
        }
    }
}
