package dev.vitals.agent.instrumentation;

import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Byte Buddy's type descriptions, kept per class loader while the application runs, so that the classes Vitals
 * transforms (which need their supertypes described, and the advice classes read) do not read the same class files
 * again for every transformed class. Class loaders are held weakly; each cache is softly referenced, so memory
 * pressure clears it rather than grows it. The descriptions in a cache keep their type pool and its class file
 * locator, so every locator used with these pools must hold its class loader weakly (the transformer and the advice
 * transformers use {@code ClassFileLocator.ForClassLoader.WeaklyReferenced}), or the weak key would never be cleared.
 *
 * <p>Soft references alone do not bound this in practice: the JVM keeps a softly reachable object for about a second
 * per free megabyte of heap, so with a heap of gigabytes the descriptions read while the application started (about
 * 1 MB for a small Tomcat application, thousands of method tokens) stay for hours. {@link #trimIfIdle()}, called
 * periodically, drops every cache once a whole period passed without a lookup: classes loaded later are described
 * again, at the cost of reading their class files once more.
 */
public final class TypePools {
    public static final TypePools INSTANCE = new TypePools();
    private static final Object BOOT = new Object();
    private final Map<Object, TypePool.CacheProvider> caches = Collections.synchronizedMap(new WeakHashMap<>());
    private final AtomicLong lookups = new AtomicLong();
    private long lookupsAtLastTrim = -1;

    private TypePools() {
    }

    /** A pool reading through {@code locator}, with {@code loader}'s cache; types are parsed when first used. */
    public TypePool typePool(ClassFileLocator locator, ClassLoader loader) {
        return new TypePool.LazyFacade(new TypePool.Default.WithLazyResolution(locate(loader), locator,
                TypePool.Default.ReaderMode.FAST, TypePool.Default.WithLazyResolution.LazinessMode.NAME));
    }

    /**
     * A pool for transforming the class {@code name}: as {@link #typePool(ClassFileLocator, ClassLoader)}, but that
     * class's description, read from the bytes being transformed, is kept out of the shared cache (as Byte Buddy's
     * agent builder did).
     */
    public TypePool typePool(ClassFileLocator locator, ClassLoader loader, String name) {
        TypePool.CacheProvider cache = new TypePool.CacheProvider.Discriminating(ElementMatchers.<String>is(name),
                new TypePool.CacheProvider.Simple(), locate(loader));
        return new TypePool.LazyFacade(new TypePool.Default.WithLazyResolution(cache, locator,
                TypePool.Default.ReaderMode.FAST, TypePool.Default.WithLazyResolution.LazinessMode.NAME));
    }

    private TypePool.CacheProvider locate(ClassLoader loader) {
        lookups.incrementAndGet();
        Object key = loader == null ? BOOT : loader;
        TypePool.CacheProvider cache = caches.get(key);
        if (cache == null) {
            cache = new TypePool.CacheProvider.Simple.UsingSoftReference();
            caches.put(key, cache);
        }
        return cache;
    }

    /**
     * Drops every cache when no type pool was asked for since the previous call (the first call only starts
     * counting). Returns how many class loaders' caches were dropped.
     */
    public synchronized int trimIfIdle() {
        long now = lookups.get();
        boolean idle = now == lookupsAtLastTrim;
        lookupsAtLastTrim = now;
        if (!idle) {
            return 0;
        }
        synchronized (caches) {
            int dropped = caches.size();
            caches.clear();
            return dropped;
        }
    }

    /** Whether a type pool was made for {@code loader} since the last trim (for tests). */
    boolean cached(ClassLoader loader) {
        return caches.containsKey(loader == null ? BOOT : loader);
    }

    /** Class loaders with a cache now (for tests). */
    int cachedLoaders() {
        return caches.size();
    }
}
