package dev.vitals.agent.metrics;

import dev.vitals.bootstrap.Vitals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metric families of one agent, by name. The agent creates one instance and every feature registers its
 * families in it; there is no global instance. A family is either exported ({@link #timerFamilies()},
 * {@link #counterFamilies()}: Prometheus and history read those) or internal ({@link #internalTimerFamily}: read
 * only by the feature that owns it, e.g. per-tenant timers); {@link #rotateAll} rotates both.
 *
 * <p>Thread-safety: every method may be called concurrently. Looking a family up is lock-free; registering one
 * takes a lock (families are registered at install time, not per call). {@link #timerFamilies()} and
 * {@link #counterFamilies()} list families in registration order.
 */
public final class MetricRegistry {
    private final WindowConfig windowConfig;
    private final ConcurrentHashMap<String, SeriesFamily<?>> byName = new ConcurrentHashMap<>();
    private final Object registrationLock = new Object();
    private volatile List<TimerFamily> timerFamilies = Collections.emptyList();
    private volatile List<CounterFamily> counterFamilies = Collections.emptyList();
    private volatile List<TimerFamily> internalTimerFamilies = Collections.emptyList();
    /** The newest time {@link #rotateAll} was called with; 0 before the first rotation. */
    private volatile long lastRotationMillis;

    /** A registry whose timers use {@link WindowConfig#DEFAULT}. */
    public MetricRegistry() {
        this(WindowConfig.DEFAULT);
    }

    public MetricRegistry(WindowConfig windowConfig) {
        if (windowConfig == null) {
            throw new IllegalArgumentException("windowConfig is null");
        }
        this.windowConfig = windowConfig;
    }

    public WindowConfig windowConfig() {
        return windowConfig;
    }

    /**
     * The timer family called {@code name}, created on first call. Later calls with the same name and label
     * names return the same family (the first call's {@code maxSeries} stays in force).
     *
     * @throws IllegalArgumentException if {@code name} is already a counter family or has other label names, or
     *                                  if the name, labels or cap are invalid
     */
    public TimerFamily timerFamily(String name, int maxSeries, String... labelNames) {
        return timerFamily(false, name, maxSeries, labelNames);
    }

    /**
     * Like {@link #timerFamily(String, int, String...)}, for a family that {@link #timerFamilies()} does not list:
     * rotated with the others, read only by its owner, never exported.
     */
    public TimerFamily internalTimerFamily(String name, int maxSeries, String... labelNames) {
        return timerFamily(true, name, maxSeries, labelNames);
    }

    private TimerFamily timerFamily(boolean internal, String name, int maxSeries, String... labelNames) {
        synchronized (registrationLock) {
            TimerFamily existing = registered(name, labelNames, TimerFamily.class);
            if (existing != null) {
                return existing;
            }
            TimerFamily created = register(new TimerFamily(name, maxSeries, windowConfig, labelNames));
            if (internal) {
                internalTimerFamilies = append(internalTimerFamilies, created);
            } else {
                timerFamilies = append(timerFamilies, created);
            }
            return created;
        }
    }

    /**
     * The counter family called {@code name}, created on first call; same rules as
     * {@link #timerFamily(String, int, String...)}.
     */
    public CounterFamily counterFamily(String name, int maxSeries, String... labelNames) {
        return counterFamily(false, name, maxSeries, labelNames);
    }

    /** A counter family that {@link #counterFamilies()} does not list: read only by its owner, never exported. */
    public CounterFamily internalCounterFamily(String name, int maxSeries, String... labelNames) {
        return counterFamily(true, name, maxSeries, labelNames);
    }

    private CounterFamily counterFamily(boolean internal, String name, int maxSeries, String... labelNames) {
        synchronized (registrationLock) {
            CounterFamily existing = registered(name, labelNames, CounterFamily.class);
            if (existing != null) {
                return existing;
            }
            CounterFamily created = register(new CounterFamily(name, maxSeries, labelNames));
            if (!internal) {
                counterFamilies = append(counterFamilies, created);
            }
            return created;
        }
    }

    /** Exported timer families in registration order (an immutable snapshot). */
    public List<TimerFamily> timerFamilies() {
        return timerFamilies;
    }

    /** Exported counter families in registration order (an immutable snapshot). */
    public List<CounterFamily> counterFamilies() {
        return counterFamilies;
    }

    /**
     * Rotates every timer of every family, exported and internal (see {@link Timer#rotate(long)}). Meant for one scheduler thread; a
     * failure in one timer is reported through {@link Vitals#reportFailure} and does not stop the others.
     */
    public void rotateAll(long nowMillis) {
        final CompactCounts.ByteSink sink = new CompactCounts.ByteSink();
        SeriesVisitor<Timer> rotate = new SeriesVisitor<Timer>() {
            @Override
            public void visit(String[] labelValues, Timer timer) {
                try {
                    timer.rotate(nowMillis, sink);
                } catch (RuntimeException e) {
                    Vitals.reportFailure("rotate", e);
                }
            }
        };
        for (TimerFamily family : timerFamilies) {
            family.forEachSeries(rotate);
        }
        for (TimerFamily family : internalTimerFamilies) {
            family.forEachSeries(rotate);
        }
        if (nowMillis > lastRotationMillis) {
            lastRotationMillis = nowMillis;
        }
    }

    /**
     * The newest time {@link #rotateAll} was called with (0 before the first rotation): where the data of the
     * timers' windows ends. A window query at a later {@code nowMillis} in a slice not rotated yet counts that
     * slice, still empty, as the window's newest; a reader that wants whole slices of data ends its windows here.
     */
    public long lastRotationMillis() {
        return lastRotationMillis;
    }

    /**
     * The family registered under {@code name}, which must be a {@code type} with these labels, or null. Registration
     * takes the lock every time: it happens when a feature is wired, never on the recording path. (Plain code rather
     * than a shared step taking lambdas: each such lambda cost the agent's start a generated class.)
     */
    private <F extends SeriesFamily<?>> F registered(String name, String[] labelNames, Class<F> type) {
        if (name == null) {
            throw new IllegalArgumentException("metric name is null");
        }
        SeriesFamily<?> existing = byName.get(name);
        return existing == null ? null : checked(existing, type, name, labelNames);
    }

    private <F extends SeriesFamily<?>> F register(F family) {
        byName.put(family.name(), family);
        return family;
    }

    private static <F> List<F> append(List<F> list, F family) {
        List<F> copy = new ArrayList<>(list.size() + 1);
        copy.addAll(list);
        copy.add(family);
        return Collections.unmodifiableList(copy);
    }

    private static <F extends SeriesFamily<?>> F checked(SeriesFamily<?> existing, Class<F> type, String name,
                                                         String[] labelNames) {
        if (!type.isInstance(existing)) {
            throw new IllegalArgumentException(name + " is already registered as a "
                    + existing.getClass().getSimpleName());
        }
        String[] given = labelNames == null ? new String[0] : labelNames;
        if (!Arrays.equals(existing.labelNames(), given)) {
            throw new IllegalArgumentException(name + " is registered with labels "
                    + Arrays.toString(existing.labelNames()) + ", not " + Arrays.toString(given));
        }
        return type.cast(existing);
    }
}
