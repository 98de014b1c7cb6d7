package dev.vitals.agent.cache;

import dev.vitals.bootstrap.Vitals;
import dev.vitals.bootstrap.cache.LocalCacheRecorder;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.Optional;

/**
 * The agent's {@link LocalCacheRecorder}: finds the name an operation records under and counts it in
 * {@link LocalCaches}.
 *
 * <p><b>Once per operation.</b> A per-thread {@link Frame} counts how deep the thread is in advised cache
 * operations; only the outermost is recorded, under the outermost layer's name (Spring's {@code @Cacheable} over
 * JCache over Caffeine counts once, as the Spring cache). A Caffeine cache first seen inside such an operation takes
 * that name, so its evictions and size count for it too. The frame is the token advice carries from enter to exit,
 * so an exit costs no thread-local lookup.
 *
 * <p><b>Names.</b> Spring and JCache caches have names; an Ehcache cache is told its cache manager's alias when it is
 * created ({@link #named}). A Caffeine or Guava cache used directly, or an Ehcache one created before the agent, has none: it is named once,
 * when first seen, after the first class on the stack outside cache libraries ({@code caffeine:UserService}), so
 * the name is the same in every run and after an attach. Two unnamed caches first used by one class share a name.
 *
 * <p>Thread-safe; for an operation on a cache already seen: one thread-local lookup, a few lock-free table reads, a
 * counter increment, nothing allocated, no lock.
 */
public final class LocalCacheTracker implements LocalCacheRecorder {
    /** Classes on the stack that never name a cache: the libraries themselves, proxies and the JDK. */
    private static final String[] LIBRARY_FRAMES = {
        "dev.vitals.agent.", "dev.vitals.bootstrap.", "java.", "jdk.", "sun.", "com.sun.", "com.github.benmanes.caffeine.",
        "javax.cache.",
        "org.springframework.", "com.google.common.cache.", "org.ehcache.", "org.hibernate.cache.",
    };
    private static final StackWalker STACK = StackWalker.getInstance();

    private final LocalCaches caches;
    private final ThreadLocal<Frame> frames = ThreadLocal.withInitial(Frame::new);

    LocalCacheTracker(LocalCaches caches) {
        this.caches = caches;
    }

    /** One thread's place in nested cache operations. */
    static final class Frame {
        int depth;
        boolean missed;
        long start;
        LocalCache outer;
    }

    @Override
    public Object enter(int library, Object cache, String name, boolean loading) {
        Frame f = frames.get();
        if (f.depth++ > 0) {
            if ((library == CAFFEINE || library == GUAVA || library == EHCACHE) && f.outer != null && cache != null
                    && caches.byObject(cache) == null) {
                caches.bind(cache, f.outer, true);
            }
            return f;
        }
        f.missed = false;
        f.outer = null;
        f.start = loading ? System.nanoTime() : 0L;
        try {
            f.outer = resolve(library, cache, name);
        } catch (Throwable t) {
            Vitals.reportFailure("cache", t);
        }
        return f;
    }

    @Override
    public void exitGet(Object token, boolean found) {
        LocalCache c = exit(token);
        if (c != null) {
            Frame f = (Frame) token;
            if (found && !f.missed) {
                c.hits.increment();
            } else {
                c.misses.increment();
                if (f.missed && f.start != 0L) {
                    c.load.record(System.nanoTime() - f.start);
                }
            }
        }
    }

    @Override
    public void exitPut(Object token) {
        LocalCache c = exit(token);
        if (c != null) {
            c.puts.increment();
        }
    }

    @Override
    public void exitRemove(Object token) {
        LocalCache c = exit(token);
        if (c != null) {
            c.removals.increment();
        }
    }

    @Override
    public void exitOther(Object token) {
        exit(token);
    }

    @Override
    public void missed() {
        frames.get().missed = true;
    }

    @Override
    public void evicted(Object cache) {
        try {
            recordingFor(cache).evictions.increment();
        } catch (Throwable t) {
            Vitals.reportFailure("cache", t);
        }
    }

    @Override
    public void evictedFromTier(Object tier, Object invalidationListener) {
        try {
            Object none = NULL_LISTENERS.get(tier.getClass()).get();
            if (none != null && invalidationListener == none) {
                recordingFor(tier).evictions.increment();
            }
        } catch (Throwable t) {
            Vitals.reportFailure("cache", t);
        }
    }

    @Override
    public void expired(Object cache) {
        try {
            LocalCache c = recordingFor(cache);
            c.expirations.increment();
            c.evictions.increment();
        } catch (Throwable t) {
            Vitals.reportFailure("cache", t);
        }
    }

    /**
     * The cache an eviction or expiry of {@code cache} (a library cache, or an Ehcache store or tier listener) counts
     * for: its own binding, else the operation it happens in, else a generated name.
     */
    private LocalCache recordingFor(Object cache) throws Throwable {
        LocalCache c = caches.byObject(cache);
        if (c != null) {
            return c;
        }
        Frame f = frames.get();
        if (f.depth > 0 && f.outer != null) {
            // Ehcache's store, not its cache, evicts: found by itself next time, also outside an operation.
            if (caches.hasRoom(cache)) {
                caches.bind(cache, f.outer, false);
            }
            return f.outer;
        }
        return resolve(library(cache), cache, null);
    }

    @Override
    public void named(int library, Object cache, String name) {
        try {
            if (caches.hasRoom(cache)) {
                caches.bind(cache, caches.byName(name, library), true);
            }
        } catch (Throwable t) {
            Vitals.reportFailure("cache", t);
        }
    }

    /** The library of an evicting cache object (Caffeine's or Guava's local cache, Ehcache's store), for its generated name. */
    private static int library(Object cache) {
        String type = cache.getClass().getName();
        return type.startsWith("com.google.common.") ? GUAVA : type.startsWith("org.ehcache.") ? EHCACHE : CAFFEINE;
    }

    /** Leaves one level; the cache to record for when that was the outermost operation, else null. */
    private static LocalCache exit(Object token) {
        if (!(token instanceof Frame)) {
            return null;
        }
        Frame f = (Frame) token;
        if (f.depth > 1) {
            f.depth--;
            return null;
        }
        f.depth = 0;
        LocalCache c = f.outer;
        f.outer = null;
        return c;
    }

    private LocalCache resolve(int library, Object cache, String name) throws Throwable {
        if (library == SPRING) {
            SpringCache s = SPRING_CACHES.get(cache.getClass());
            if (s.getName == null) {
                return null; // a Redis-backed Spring cache: its commands are the L2 tier
            }
            name = (String) s.getName.invokeExact(cache);
        }
        if (name != null) {
            return caches.byName(name, library);
        }
        LocalCache c = caches.byObject(cache);
        if (c != null) {
            return c;
        }
        if (!caches.hasRoom(cache)) {
            return caches.other();
        }
        c = caches.byName(generatedName(library), library);
        caches.bind(cache, c, library == CAFFEINE || library == GUAVA || library == EHCACHE);
        return c;
    }

    /** {@code caffeine:UserService}: the library and the first class on the stack that is not a library's. */
    static String generatedName(int library) {
        Optional<String> owner = STACK.walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                .filter(n -> !isLibrary(n)).findFirst());
        String prefix = LocalCache.LIBRARIES[library];
        return owner.map(n -> prefix + ":" + simpleName(n)).orElse(prefix);
    }

    static boolean isLibrary(String className) {
        for (String p : LIBRARY_FRAMES) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code com.shop.UserService$$SpringCGLIB$$0} gives {@code UserService}; a nested class keeps its outer class's
     * name ({@code Shop.Users}).
     */
    static String simpleName(String className) {
        String n = className.substring(className.lastIndexOf('.') + 1);
        int proxy = n.indexOf("$$");
        return (proxy > 0 ? n.substring(0, proxy) : n).replace('$', '.');
    }

    /**
     * The null invalidation listener of Ehcache's off-heap store, per class of its eviction listener (a nested class of
     * {@code AbstractOffHeapStore}): a tier whose evictions go to it is the cache's authority. Held weakly, in a
     * {@link ClassValue}, so no loader is kept alive; an unreadable one reads as null, so nothing is counted.
     */
    private static final ClassValue<WeakReference<Object>> NULL_LISTENERS = new ClassValue<WeakReference<Object>>() {
        @Override
        protected WeakReference<Object> computeValue(Class<?> type) {
            try {
                Field f = type.getDeclaringClass().getDeclaredField("NULL_INVALIDATION_LISTENER");
                f.setAccessible(true);
                return new WeakReference<>(f.get(null));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                Vitals.reportFailure("cache", e);
                return new WeakReference<>(null);
            }
        }
    };

    /** How to read a Spring cache's name, per cache class; held in a {@link ClassValue}, so no loader is kept alive. */
    private static final class SpringCache {
        final MethodHandle getName;

        SpringCache(MethodHandle getName) {
            this.getName = getName;
        }
    }

    private static final ClassValue<SpringCache> SPRING_CACHES = new ClassValue<SpringCache>() {
        @Override
        protected SpringCache computeValue(Class<?> type) {
            if (type.getName().startsWith("org.springframework.data.redis.")) {
                return new SpringCache(null);
            }
            try {
                Class<?> api = Class.forName("org.springframework.cache.Cache", false, type.getClassLoader());
                MethodHandle h = MethodHandles.publicLookup().findVirtual(api, "getName", MethodType.methodType(String.class));
                return new SpringCache(h.asType(MethodType.methodType(String.class, Object.class)));
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new IllegalStateException("cannot read the name of Spring cache " + type.getName(), e);
            }
        }
    };
}
