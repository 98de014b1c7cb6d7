package dev.vitals.agent.cache;

import dev.vitals.agent.metrics.Counter;
import dev.vitals.agent.metrics.Timer;

import java.lang.ref.WeakReference;

/**
 * One in-process (L1) cache name and the series its operations record into, resolved once when the name is first
 * seen. Immutable apart from the counters and {@link #sizeSource}; thread-safe.
 */
final class LocalCache {
    static final String[] LIBRARIES = {"caffeine", "jcache", "spring", "guava", "ehcache"};

    final String name;
    final int library;
    final Counter hits;
    final Counter misses;
    final Counter puts;
    final Counter removals;
    final Counter evictions;
    final Counter expirations;
    final Timer load;
    /**
     * A Caffeine or Guava cache (a {@code java.util.Map}) or an Ehcache 3 cache holding this name's entries, held
     * weakly: its size is read when metrics are read. The latest one seen wins; null when the provider is none of these.
     */
    volatile WeakReference<Object> sizeSource;

    LocalCache(String name, int library, Counter hits, Counter misses, Counter puts, Counter removals,
               Counter evictions, Counter expirations, Timer load) {
        this.name = name;
        this.library = library;
        this.hits = hits;
        this.misses = misses;
        this.puts = puts;
        this.removals = removals;
        this.evictions = evictions;
        this.expirations = expirations;
        this.load = load;
    }

    /** The entries of the cache behind this name, or -1 when unknown (another provider, collected, unreadable). */
    long size() {
        WeakReference<Object> ref = sizeSource;
        Object cache = ref == null ? null : ref.get();
        if (cache == null) {
            return -1;
        }
        try {
            return cache instanceof java.util.Map ? ((java.util.Map<?, ?>) cache).size() : EhcacheEntries.count(cache);
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
