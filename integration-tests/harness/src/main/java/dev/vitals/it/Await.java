package dev.vitals.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting for something a child JVM or a server does in its own time: polls a probe every 100 ms until its
 * value is accepted, and fails with what was awaited and the last value seen (or the last exception the probe
 * threw, e.g. while a server is still starting) when the time runs out. Use it instead of fixed sleeps.
 *
 * <pre>{@code
 * JsonNode active = Await.until("the alert to fire", Await.TIMEOUT,
 *         () -> agent.get("/alerts/active").json(), j -> j.path("count").asInt() > 0);
 * }</pre>
 */
public final class Await {
    /** How long most waits allow: generous, because the machine running the tests may be busy. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final long POLL_MILLIS = 100;

    private Await() {
    }

    /** Polls {@code probe} until {@code done} accepts its value, and returns that value. */
    public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
        return until(what, timeout, probe, done, () -> "");
    }

    /**
     * Like {@link #until(String, Duration, Supplier, Predicate)}; {@code detail} (e.g. a process's output)
     * is added to the failure message.
     */
    public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done,
                              Supplier<String> detail) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object last = null;
        while (true) {
            try {
                T value = probe.get();
                if (done.test(value)) {
                    return value;
                }
                last = value;
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what + "; last seen: " + last
                        + detail.get());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    /** Polls {@code condition} until it is true. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition::getAsBoolean, ok -> ok);
    }

    /** Polls {@code condition} until it is true; {@code detail} is added to the failure message. */
    public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> detail) {
        until(what, timeout, condition::getAsBoolean, ok -> ok, detail);
    }
}
