package dev.vitals.agent.cache;

import dev.vitals.agent.metrics.MetricDescriptor;
import dev.vitals.agent.metrics.RegistryMetrics;
import dev.vitals.agent.metrics.CounterFamily;
import dev.vitals.agent.metrics.MetricRegistry;
import dev.vitals.agent.metrics.TimerFamily;
import dev.vitals.exporter.prometheus.MetricsSink;
import dev.vitals.exporter.prometheus.MetricsSource;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The in-process (L1) caches: a capped table of cache names, each with its Micrometer-named series, and a table
 * from unnamed cache objects (a plain Caffeine cache) to their name.
 *
 * <p><b>Names.</b> An open-addressing table sized at four times the cap ({@code limits.caches}); lookups are
 * lock-free reads and allocate nothing (a {@code String}'s hash is cached in the string); inserting a name takes a
 * lock, at most {@code cap} times. Past the cap every new name maps to the one {@code _other} cache without being
 * stored, so a million distinct names leave the table, and the series, at {@code cap + 1}.
 *
 * <p><b>Cache objects.</b> {@value #OBJECT_SLOTS} slots, each a {@link WeakReference} to a library cache object
 * and the name it records under: never an application object held strongly. A slot whose object was collected is
 * reused. A lookup probes at most {@value #PROBES} slots by identity hash and allocates nothing.
 */
final class LocalCaches implements MetricsSource {
    static final String GETS = "cache_gets_total";
    static final String PUTS = "cache_puts_total";
    static final String EVICTIONS = "cache_evictions_total";
    static final String EXPIRATIONS = "cache_expirations_total";
    static final String REMOVALS = "cache_removals_total";
    static final String LOAD = "cache_load_duration_seconds";
    static final String SIZE = "cache_size";
    static final String TIER = "l1";
    static final String OTHER = "_other";
    static final int OBJECT_SLOTS = 4096;
    static final int PROBES = 16;

    private final CounterFamily gets;
    private final CounterFamily puts;
    private final CounterFamily evictions;
    private final CounterFamily expirations;
    private final CounterFamily removals;
    private final TimerFamily load;
    private final int cap;
    private final AtomicReferenceArray<LocalCache> names;
    private final int mask;
    private final Object insertLock = new Object();
    private volatile int size;
    /** Created on the first name past the cap, so that an application under it exports no {@code _other} series. */
    private volatile LocalCache other;
    private final AtomicReferenceArray<Binding> objects = new AtomicReferenceArray<>(OBJECT_SLOTS);

    LocalCaches(MetricRegistry registry, int cap) {
        this.cap = cap;
        int series = cap + 2;
        this.gets = registry.counterFamily(GETS, series * 2, "cache", "cache_tier", "result");
        this.puts = registry.counterFamily(PUTS, series, "cache", "cache_tier");
        this.evictions = registry.counterFamily(EVICTIONS, series, "cache", "cache_tier");
        this.expirations = registry.counterFamily(EXPIRATIONS, series, "cache", "cache_tier");
        this.removals = registry.counterFamily(REMOVALS, series, "cache", "cache_tier");
        this.load = registry.timerFamily(LOAD, series, "cache", "cache_tier");
        int capacity = Integer.highestOneBit(Math.max(16, cap * 4 - 1)) << 1;
        this.names = new AtomicReferenceArray<>(capacity);
        this.mask = capacity - 1;
    }

    /** Describes the families for Prometheus. */
    static void describe(RegistryMetrics metrics) {
        metrics.describe(GETS, new MetricDescriptor("In-process cache reads: a hit found the value, a miss did not"
                + " (a loaded value is a miss).", "", new double[0]));
        metrics.describe(PUTS, new MetricDescriptor("In-process cache writes.", "", new double[0]));
        metrics.describe(EVICTIONS, new MetricDescriptor("Entries the in-process cache evicted (size, expiry,"
                + " collected reference).", "", new double[0]));
        metrics.describe(EXPIRATIONS, new MetricDescriptor("Entries the in-process cache removed because they expired,"
                + " also counted in cache_evictions_total; for caches that tell expiry apart (Ehcache 3).", "", new double[0]));
        metrics.describe(REMOVALS, new MetricDescriptor("Entries the application removed from the in-process cache"
                + " (invalidate, evict, remove).", "", new double[0]));
        metrics.describe(LOAD, new MetricDescriptor("Time in-process cache reads took when the value was loaded.",
                "seconds", MetricDescriptor.DURATION_BUCKETS));
    }

    /** The cache called {@code name}, created on first use; {@code _other} past the cap. */
    LocalCache byName(String name, int library) {
        int h = name.hashCode();
        for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
            LocalCache c = names.get(i);
            if (c == null) {
                return insert(name, library, h);
            }
            if (c.name == name || c.name.equals(name)) {
                return c;
            }
        }
    }

    LocalCache other() {
        LocalCache o = other;
        if (o == null) {
            synchronized (insertLock) {
                o = other;
                if (o == null) {
                    o = create(OTHER, -1);
                    other = o;
                }
            }
        }
        return o;
    }

    /** The name {@code cache} (a library object) records under, or null when it has none yet. */
    LocalCache byObject(Object cache) {
        int base = spread(System.identityHashCode(cache));
        for (int p = 0; p < PROBES; p++) {
            Binding b = objects.get((base + p) & (OBJECT_SLOTS - 1));
            if (b != null && b.get() == cache) {
                return b.cache;
            }
        }
        return null;
    }

    /** Whether {@link #bind} would find a slot for {@code cache} (checked before naming it costs a stack walk). */
    boolean hasRoom(Object cache) {
        int base = spread(System.identityHashCode(cache));
        for (int p = 0; p < PROBES; p++) {
            Binding b = objects.get((base + p) & (OBJECT_SLOTS - 1));
            if (b == null || b.get() == null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Remembers that {@code cache} records under {@code c}; when {@code sized} (and it is a map or an Ehcache cache),
     * {@code c}'s size is read from it.
     * Does nothing when its slots are all held by live caches.
     */
    void bind(Object cache, LocalCache c, boolean sized) {
        if (sized && (cache instanceof java.util.Map || EhcacheEntries.isCache(cache))) {
            c.sizeSource = new WeakReference<>(cache);
        }
        int base = spread(System.identityHashCode(cache));
        Binding binding = new Binding(cache, c);
        for (int p = 0; p < PROBES; p++) {
            int i = (base + p) & (OBJECT_SLOTS - 1);
            Binding b = objects.get(i);
            if ((b == null || b.get() == null) && objects.compareAndSet(i, b, binding)) {
                return;
            }
        }
    }

    /** Every cache name seen, then {@code _other} once a name went there. */
    List<LocalCache> all() {
        List<LocalCache> list = new ArrayList<>();
        for (int i = 0; i < names.length(); i++) {
            LocalCache c = names.get(i);
            if (c != null) {
                list.add(c);
            }
        }
        LocalCache o = other;
        if (o != null) {
            list.add(o);
        }
        return list;
    }

    int size() {
        return size;
    }

    /** {@code cache_size}, for the caches whose size is known. */
    @Override
    public void collect(MetricsSink sink) {
        String[] labelNames = {"cache", "cache_tier"};
        for (LocalCache c : all()) {
            long entries = c.size();
            if (entries >= 0) {
                sink.gauge(SIZE, "Entries in the in-process cache (Caffeine's estimate; Ehcache 3: its authoritative tier).", "", labelNames,
                        new String[] {c.name, TIER}, entries);
            }
        }
    }

    private LocalCache insert(String name, int library, int h) {
        if (size >= cap) {
            return other();
        }
        synchronized (insertLock) {
            for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
                LocalCache c = names.get(i);
                if (c == null) {
                    if (size >= cap) {
                        return other();
                    }
                    LocalCache created = create(name, library);
                    names.set(i, created);
                    size++;
                    return created;
                }
                if (c.name.equals(name)) {
                    return c;
                }
            }
        }
    }

    private LocalCache create(String name, int library) {
        return new LocalCache(name, library, gets.get(name, TIER, "hit"), gets.get(name, TIER, "miss"),
                puts.get(name, TIER), removals.get(name, TIER), evictions.get(name, TIER), expirations.get(name, TIER),
                load.get(name, TIER));
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16)) * 0x9E3779B1;
    }

    /** A library cache object, held weakly, and the name it records under. */
    private static final class Binding extends WeakReference<Object> {
        final LocalCache cache;

        Binding(Object referent, LocalCache cache) {
            super(referent);
            this.cache = cache;
        }
    }
}
