package dev.vitals.agent.health;

import dev.vitals.agent.breaker.CircuitBreaker;
import dev.vitals.agent.log.Log;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Runs every registered {@link HealthCheck} in the background, each on its own interval, with a timeout
 * and a circuit breaker, and keeps the latest result of each. Readers ({@code /health} and friends)
 * never wait on a dependency: they read {@link #snapshot()}, which is a map lookup.
 *
 * <p>A check that hangs holds one worker thread until its timeout interrupts it; its next run is not
 * started while the previous one is still in flight, so a dead dependency cannot pile up threads.
 * Worker threads are started only when every started one is busy ({@value #MAX_WORKERS} at most), so checks that
 * answer quickly share one thread; a worker idle for 30 s ends.
 */
public final class HealthRegistry {
    /** 5 consecutive failures open the breaker, 60 s until the half-open trial. */
    public static final int DEFAULT_FAILURE_THRESHOLD = 5;
    public static final long DEFAULT_RECOVERY_MILLIS = 60_000;
    /** Checks running at once; a run due while all are busy is skipped and the check tries again next interval. */
    static final int MAX_WORKERS = 4;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger threadsStarted = new AtomicInteger();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final LongSupplier clockMillis;
    private final int failureThreshold;
    private final long recoveryMillis;
    /**
     * Checks registered before {@link #start()}, whose first run waits for it; null once started. The agent starts
     * the registry once the application's start is over: a first run (a connection from the application's pool, a
     * request to a service) would otherwise compete with that start, or open a pool it had not opened yet.
     */
    private List<Entry> waiting = new ArrayList<>();

    public HealthRegistry(ScheduledExecutorService scheduler, LongSupplier clockMillis, int failureThreshold,
                          long recoveryMillis) {
        this.scheduler = scheduler;
        this.clockMillis = clockMillis;
        this.failureThreshold = failureThreshold;
        this.recoveryMillis = recoveryMillis;
        // A hand-off queue: a run goes to an idle worker when there is one (the most recently idle, so the others
        // time out), else to a new thread. With a waiting queue instead, the pool would start a thread for each of
        // the first runs and keep all of them alive as long as checks come more often than the keep-alive.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, MAX_WORKERS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "vitals-health-" + threadsStarted.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        this.workers = pool;
    }

    /**
     * Adds a check (or replaces one of the same name) and schedules its first run at once, or at {@link #start()}
     * when the registry has not started yet. {@code critical} checks make the service unhealthy and not ready when
     * they fail.
     */
    public void register(HealthCheck check, boolean critical) {
        Entry entry = new Entry(check, critical, new CircuitBreaker(failureThreshold, recoveryMillis, clockMillis));
        Entry previous = entries.put(check.name(), entry);
        if (previous != null) {
            previous.cancelled = true;
        }
        synchronized (this) {
            if (waiting != null) {
                waiting.add(entry);
                return;
            }
        }
        schedule(entry);
    }

    /** Schedules the first run of every check registered so far; a check registered from now on runs at once. */
    public void start() {
        List<Entry> registered;
        synchronized (this) {
            registered = waiting;
            waiting = null;
        }
        if (registered != null) {
            for (Entry entry : registered) {
                if (!entry.cancelled) {
                    schedule(entry);
                }
            }
        }
    }

    private void schedule(Entry entry) {
        scheduler.scheduleWithFixedDelay(() -> trigger(entry), 0, entry.check.intervalMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Removes a check, for a dependency that no longer exists (a pool the application closed): its result is no
     * longer shown and its schedule ends. No effect when no check of that name is registered.
     */
    public void unregister(String name) {
        Entry previous = entries.remove(name);
        if (previous != null) {
            previous.cancelled = true;
        }
    }

    /** Worker threads started so far (for tests). */
    int threadsStarted() {
        return threadsStarted.get();
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    private static boolean retired(HealthCheck check) {
        try {
            return check.retired();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The latest state of every check that is not retired, in registration-independent name order. */
    public List<CheckState> snapshot() {
        long now = clockMillis.getAsLong();
        List<CheckState> states = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (!retired(e.check)) {
                states.add(e.state(now));
            }
        }
        states.sort((a, b) -> a.name().compareTo(b.name()));
        return states;
    }

    private void trigger(Entry entry) {
        if (entry.cancelled) {
            // Throwing is how a ScheduledExecutorService task ends its own fixed-delay schedule.
            throw new IllegalStateException("check " + entry.check.name() + " was replaced");
        }
        if (entry.inFlight != null && !entry.inFlight.isDone()) {
            return;
        }
        if (!entry.breaker.tryAcquire()) {
            return;
        }
        long timeout = entry.check.timeoutMillis();
        // Exactly one of the run and its timeout records the outcome.
        AtomicBoolean reported = new AtomicBoolean();
        Future<?> run;
        try {
            run = workers.submit(() -> runOnce(entry, reported));
        } catch (RejectedExecutionException busy) {
            // Every worker holds a check that has not returned yet; this check's result ages and shows as stale.
            entry.breaker.release(); // nothing ran: give back a half-open trial slot
            return;
        }
        entry.inFlight = run;
        scheduler.schedule(() -> {
            if (!run.isDone() && reported.compareAndSet(false, true)) {
                run.cancel(true);
                entry.record(CheckResult.unhealthy("timed out after " + timeout + " ms"), timeout, clockMillis.getAsLong());
            }
        }, timeout, TimeUnit.MILLISECONDS);
    }

    private void runOnce(Entry entry, AtomicBoolean reported) {
        long start = System.nanoTime();
        CheckResult result;
        try {
            result = entry.check.run();
            if (result == null) {
                result = CheckResult.unhealthy("check returned no result");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // the timeout has recorded the result
        } catch (Throwable t) {
            result = CheckResult.unhealthy(Redaction.message(t));
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        if (reported.compareAndSet(false, true)) {
            entry.record(result, elapsedMillis, clockMillis.getAsLong());
        }
    }

    /** Per-check state. Fields written by one run at a time; read by any thread. */
    private final class Entry {
        final HealthCheck check;
        final boolean critical;
        final CircuitBreaker breaker;
        volatile boolean cancelled;
        volatile Future<?> inFlight;
        volatile CheckResult last;
        volatile long lastDurationMillis;
        volatile long lastRunAtMillis;
        volatile String lastError;
        volatile long lastErrorAtMillis;

        Entry(HealthCheck check, boolean critical, CircuitBreaker breaker) {
            this.check = check;
            this.critical = critical;
            this.breaker = breaker;
        }

        synchronized void record(CheckResult result, long durationMillis, long now) {
            last = result;
            lastDurationMillis = durationMillis;
            lastRunAtMillis = now;
            if (result.status() == HealthStatus.UNHEALTHY) {
                lastError = result.message();
                lastErrorAtMillis = now;
                if (check.usesBreaker()) {
                    breaker.onFailure(result.message());
                }
                if (Log.enabled(Log.Level.DEBUG)) {
                    Log.debug("health check " + check.name() + " unhealthy: " + result.message());
                }
            } else {
                breaker.onSuccess();
            }
        }

        CheckState state(long now) {
            CheckResult result = last;
            long age = result == null ? -1 : now - lastRunAtMillis;
            long staleAfter = 3 * check.intervalMillis() + check.timeoutMillis();
            CheckResult shown;
            if (result == null) {
                shown = CheckResult.degraded("no result yet");
            } else if (breaker.state() == CircuitBreaker.State.OPEN) {
                shown = result.withStatus(HealthStatus.UNHEALTHY, result.message() + " (circuit open after "
                        + breaker.consecutiveFailures() + " consecutive failures; next trial in "
                        + (breaker.millisUntilTrial() / 1000) + " s)");
            } else if (age > staleAfter) {
                shown = result.withStatus(result.status().worse(HealthStatus.DEGRADED),
                        "stale: last result is " + (age / 1000) + " s old (limit " + (staleAfter / 1000) + " s); " + result.message());
            } else {
                shown = result;
            }
            return new CheckState(check, critical, shown, lastDurationMillis, age, breaker.state(), breaker.consecutiveFailures(),
                    lastError, lastErrorAtMillis);
        }
    }
}
