package dev.vitals.agent.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exception class names as label values, capped: at most {@code limit} distinct names are labels, the rest get the
 * overflow value, so generated classes cannot grow a family's series count.
 *
 * <p>Keyed by the class's name, never by the class: the table holds strings only, and no application class loader.
 * {@link Class#getName()} keeps its string once made, so a known class costs a lock-free map lookup and allocates
 * nothing. Thread-safe.
 */
public final class ClassNameLabels {
    private final ConcurrentHashMap<String, String> known = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int limit;
    private final String overflow;

    public ClassNameLabels(int limit, String overflow) {
        this.limit = limit;
        this.overflow = overflow;
    }

    /** The label of {@code type}: its fully-qualified name while there is room, else the overflow value. */
    public String of(Class<?> type) {
        String name = type.getName();
        String label = known.get(name);
        return label != null ? label : admit(name);
    }

    private String admit(String name) {
        if (size.get() >= limit) {
            return overflow;
        }
        String previous = known.putIfAbsent(name, name);
        if (previous != null) {
            return previous;
        }
        if (size.incrementAndGet() > limit) {
            // Lost a race for the last slot.
            known.remove(name);
            size.decrementAndGet();
            return overflow;
        }
        return name;
    }
}
