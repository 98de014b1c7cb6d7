package dev.vitals.agent.cache;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * How many entries an Ehcache 3 cache holds, read when metrics are read (never per operation). Ehcache's API has no
 * size, so this follows its internals from the cache to its authoritative tier: {@code EhcacheBase.store}; the
 * store a loader-writer or a copier wraps (both under JCache: {@code LocalLoaderWriterStore.delegate},
 * {@code CopierStore.delegate}); a {@code TieredStore}'s
 * {@code authoritativeTier}; then the heap store's {@code Backend.mappingCount()} or the
 * off-heap or disk store's backing map ({@code AbstractOffHeapStore.backingMap()}, a {@code ConcurrentMap}). A
 * clustered store, or another Ehcache whose internals differ, has no known size: -1.
 *
 * <p>The reflective handles are kept per class in a {@link ClassValue}, so no application class loader is held by the
 * agent. Reading costs a few reflective calls and allocates a little: fine once per scrape.
 */
final class EhcacheEntries {
    private static final String CACHE = "org.ehcache.core.EhcacheBase";
    private static final int MAX_STEPS = 6;

    private EhcacheEntries() {
    }

    /** One step from an Ehcache object towards its entry count. */
    private static final class Step {
        static final Step NONE = new Step(null, null);
        final Field field;
        /** The terminal count ({@code mappingCount}) or the next object ({@code backingMap}). */
        final Method method;

        Step(Field field, Method method) {
            this.field = field;
            this.method = method;
        }

        Object next(Object o) throws ReflectiveOperationException {
            return field != null ? field.get(o) : method.invoke(o);
        }
    }

    private static final ClassValue<Step> STEPS = new ClassValue<Step>() {
        @Override
        protected Step computeValue(Class<?> type) {
            try {
                for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                    switch (c.getName()) {
                        case CACHE:
                            return field(c, "store");
                        case "org.ehcache.impl.internal.store.loaderwriter.LocalLoaderWriterStore":
                        case "org.ehcache.impl.internal.store.copy.CopierStore":
                            return field(c, "delegate");
                        case "org.ehcache.impl.internal.store.tiering.TieredStore":
                            return field(c, "authoritativeTier");
                        case "org.ehcache.impl.internal.store.heap.OnHeapStore":
                            return field(c, "map");
                        case "org.ehcache.impl.internal.store.offheap.AbstractOffHeapStore":
                            return method(c, "backingMap");
                        default:
                            for (Class<?> i : c.getInterfaces()) {
                                if (i.getName().equals("org.ehcache.impl.internal.store.heap.Backend")) {
                                    return method(i, "mappingCount");
                                }
                            }
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // Internals of another version, or a module that does not open them: no size.
            }
            return Step.NONE;
        }
    };

    /** Whether {@code o} is an Ehcache 3 cache ({@code EhcacheBase}), whose size {@link #count} can read. */
    static boolean isCache(Object o) {
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(CACHE)) {
                return true;
            }
        }
        return false;
    }

    /** The entries of {@code cache}'s authoritative tier, or -1 when they cannot be read. */
    static long count(Object cache) {
        Object o = cache;
        try {
            for (int i = 0; i < MAX_STEPS && o != null; i++) {
                if (o instanceof Map) {
                    return ((Map<?, ?>) o).size();
                }
                Step step = STEPS.get(o.getClass());
                if (step == Step.NONE) {
                    return -1;
                }
                o = step.next(o);
                if (o instanceof Number) {
                    return ((Number) o).longValue();
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static Step field(Class<?> owner, String name) throws NoSuchFieldException {
        Field f = owner.getDeclaredField(name);
        f.setAccessible(true);
        return new Step(f, null);
    }

    private static Step method(Class<?> owner, String name) throws NoSuchMethodException {
        Method m = owner.getDeclaredMethod(name);
        m.setAccessible(true);
        return new Step(null, m);
    }
}
