package dev.vitals.agent.services;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's own Resilience4j circuit breakers, as reported by advice on its state machine: each breaker
 * by name with its real transitions (time, from, to, and the failure rate at that moment). The breaker object is
 * held weakly, so an undeployed application's class loader is never kept; its metrics are read by reflection
 * through Resilience4j's public interfaces when an endpoint or a scrape asks. Thread-safe; at most
 * {@value #MAX_BREAKERS} breakers are kept.
 */
public final class Resilience4jBreakers {
    static final int MAX_BREAKERS = 100;
    private static final int MAX_TRANSITIONS = 20;

    private final Map<String, Entry> breakers = new ConcurrentHashMap<>();

    void transition(Object breaker, String name, String from, String to) {
        if (name == null) {
            return;
        }
        Entry e = breakers.get(name);
        if (e == null) {
            if (breakers.size() >= MAX_BREAKERS) {
                return;
            }
            e = breakers.computeIfAbsent(name, n -> new Entry(n));
        }
        e.update(breaker, from, to);
    }

    public List<Entry> all() {
        List<Entry> list = new ArrayList<>(breakers.values());
        list.sort((a, b) -> a.name.compareTo(b.name));
        return list;
    }

    public Entry find(String name) {
        return breakers.get(name);
    }

    /** One Resilience4j breaker. */
    public static final class Entry {
        final String name;
        private volatile WeakReference<Object> breaker = new WeakReference<>(null);
        private volatile String state = "CLOSED";
        private final Deque<String[]> rawTransitions = new ArrayDeque<>();

        Entry(String name) {
            this.name = name;
        }

        synchronized void update(Object b, String from, String to) {
            if (b != null && breaker.get() != b) {
                breaker = new WeakReference<>(b);
            }
            if (to != null) {
                state = to;
            }
            if (from != null && to != null && !from.equals(to)) {
                Double rate = failureRate();
                String reason = "resilience4j " + from + " -> " + to
                        + (rate == null || rate < 0 ? "" : " at failure rate " + Math.round(rate * 10) / 10.0 + "%");
                rawTransitions.addLast(new String[] {from, to, reason, Long.toString(System.currentTimeMillis())});
                if (rawTransitions.size() > MAX_TRANSITIONS) {
                    rawTransitions.removeFirst();
                }
            }
        }

        public String name() {
            return name;
        }

        /** The breaker's state now (read from the breaker while it is alive), e.g. CLOSED, OPEN, HALF_OPEN. */
        public String state() {
            Object b = breaker.get();
            if (b != null) {
                Object s = invoke(b, "getState");
                if (s != null) {
                    return s.toString();
                }
            }
            return state;
        }

        /** Failure rate in percent as Resilience4j computes it (-1 until it has enough calls), or null. */
        public Double failureRate() {
            Object m = metrics();
            Object r = m == null ? null : invoke(m, "getFailureRate");
            return r instanceof Number ? ((Number) r).doubleValue() : null;
        }

        public Long number(String getter) {
            Object m = metrics();
            Object r = m == null ? null : invoke(m, getter);
            return r instanceof Number ? ((Number) r).longValue() : null;
        }

        private Object metrics() {
            Object b = breaker.get();
            return b == null ? null : invoke(b, "getMetrics");
        }

        /** Transitions as {@code {from, to, reason, epochMillis}}, most recent last. */
        public synchronized List<String[]> transitions() {
            return new ArrayList<>(rawTransitions);
        }
    }

    /**
     * Calls a public no-argument method through a public interface or class that declares it, since the
     * implementation classes may not be public. Returns null on any failure.
     */
    static Object invoke(Object target, String method) {
        try {
            Method m = publicMethod(target.getClass(), method);
            return m == null ? null : m.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Method publicMethod(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (Modifier.isPublic(c.getModifiers())) {
                try {
                    return c.getMethod(name);
                } catch (NoSuchMethodException ignored) {
                    // look further
                }
            }
            for (Class<?> i : c.getInterfaces()) {
                Method m = publicMethod(i, name);
                if (m != null) {
                    return m;
                }
            }
        }
        return null;
    }
}
