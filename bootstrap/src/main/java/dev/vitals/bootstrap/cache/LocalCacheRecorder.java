package dev.vitals.bootstrap.cache;

/**
 * What in-process cache advice reports (Caffeine, Guava, Ehcache 3, JCache, Spring's cache abstraction). Layers nest (Spring's abstraction over JCache over Caffeine): every
 * advised operation calls {@link #enter} and then exactly one exit method, and only the outermost operation on
 * the thread is recorded, under the outermost layer's cache name. Inner layers still tell the outer one what
 * only they can see: that the value had to be loaded ({@link #missed}).
 *
 * <p>Implementations must be thread-safe, must not allocate or lock for an operation on a cache already seen,
 * and may throw: advice suppresses every {@code Throwable}.
 */
public interface LocalCacheRecorder {
    int CAFFEINE = 0;
    int JCACHE = 1;
    int SPRING = 2;
    int GUAVA = 3;
    int EHCACHE = 4;

    /** No-op used before the agent installs its recorder. */
    LocalCacheRecorder NOOP = new LocalCacheRecorder() {
    };

    /**
     * An operation on {@code cache} begins on this thread.
     *
     * @param library {@link #CAFFEINE}, {@link #JCACHE}, {@link #SPRING}, {@link #GUAVA} or {@link #EHCACHE}
     * @param cache   the library's cache object (Caffeine's {@code BoundedLocalCache}, a {@code javax.cache.Cache},
     *                Spring's {@code Cache}, Guava's {@code LocalCache}, Ehcache's {@code EhcacheBase})
     * @param name    the cache's name when the advice can read it cheaply, else null
     * @param loading whether the operation may load the value (its load time is then measured)
     * @return what the exit method takes: the cache's series when this is the outermost operation, else null
     */
    default Object enter(int library, Object cache, String name, boolean loading) {
        return null;
    }

    /** A read ended: {@code found} whether it returned a value (a loaded value is still a miss, see {@link #missed}). */
    default void exitGet(Object token, boolean found) {
    }

    /** A write of one entry ended. */
    default void exitPut(Object token) {
    }

    /** An explicit removal (invalidate, evict, remove) ended. */
    default void exitRemove(Object token) {
    }

    /** An operation that is not recorded ended (it nests like the others). */
    default void exitOther(Object token) {
    }

    /** Inside the current operation, the library is about to load the value: the read is a miss. */
    default void missed() {
    }

    /**
     * The library evicted an entry of {@code cache} (Caffeine's or Guava's local cache, Ehcache's heap store): size,
     * expiry or a collected reference.
     */
    default void evicted(Object cache) {
    }

    /**
     * Ehcache's off-heap or disk tier evicted an entry: {@code tier} is the tier's eviction listener, and
     * {@code invalidationListener} the listener it hands evicted entries to. Counted as {@link #evicted} only when that
     * is the tier's null listener (the tier is the cache's authority); a caching tier in front of a disk tier moves
     * what it evicts down, still in the cache.
     */
    default void evictedFromTier(Object tier, Object invalidationListener) {
    }

    /**
     * The library removed an expired entry of {@code cache} (Ehcache's heap store when it is the only tier, its off-heap
     * or disk store as the authority): an expiration, and an eviction as Caffeine's expiry is.
     */
    default void expired(Object cache) {
    }

    /**
     * A library created {@code cache} under {@code name} (Ehcache's cache manager and its alias, which the cache
     * itself does not know): its operations record under that name from now on.
     */
    default void named(int library, Object cache, String name) {
    }
}
