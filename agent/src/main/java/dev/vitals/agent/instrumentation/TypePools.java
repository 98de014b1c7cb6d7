package dev.vitals.agent.instrumentation;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.pool.TypePool;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Byte Buddy's type descriptions, kept per class loader while the application runs, so that the classes Vitals
 * transforms (which need their supertypes described, and the advice classes read) do not read the same class files
 * again for every transformed class. Class loaders are held weakly; each cache is softly referenced, so memory
 * pressure clears it rather than grows it. The descriptions in a cache keep their type pool and its class file
 * locator, so every locator used with these pools must hold its class loader weakly (the builder and the advice
 * transformers use {@code LocationStrategy.ForClassLoader.WEAK}), or the weak key would never be cleared.
 */
public final class TypePools extends AgentBuilder.PoolStrategy.WithTypePoolCache {
    public static final TypePools INSTANCE = new TypePools();
    private static final Object BOOT = new Object();
    private final Map<Object, TypePool.CacheProvider> caches = Collections.synchronizedMap(new WeakHashMap<>());

    private TypePools() {
        super(TypePool.Default.ReaderMode.FAST);
    }

    @Override
    protected TypePool.CacheProvider locate(ClassLoader loader) {
        Object key = loader == null ? BOOT : loader;
        TypePool.CacheProvider cache = caches.get(key);
        if (cache == null) {
            cache = new TypePool.CacheProvider.Simple.UsingSoftReference();
            caches.put(key, cache);
        }
        return cache;
    }
}
