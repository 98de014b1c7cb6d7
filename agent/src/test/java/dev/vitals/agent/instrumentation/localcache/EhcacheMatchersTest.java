package dev.vitals.agent.instrumentation.localcache;

import dev.vitals.agent.instrumentation.IgnoredTypes;
import dev.vitals.agent.instrumentation.LibraryClasses;
import dev.vitals.agent.instrumentation.MethodMatcher;
import net.bytebuddy.description.method.MethodDescription;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Ehcache 3 method matchers on Ehcache's real classes (3.11, its jakarta build): which methods get which advice. */
class EhcacheMatchersTest {

    @Test
    void eachDataOperationOfTheCacheGetsOneAdvice() throws Exception {
        try (LibraryClasses ehcache = LibraryClasses.of("ehcache")) {
            List<MethodDescription.InDefinedShape> methods = ehcache.describe(EhcacheInstrumentation.CACHE)
                    .getDeclaredMethods();
            assertEquals("[get(java.lang.Object)]", signatures(methods, EhcacheInstrumentation.Methods.GET).toString());
            assertEquals("[put(java.lang.Object,java.lang.Object), putIfAbsent(java.lang.Object,java.lang.Object),"
                            + " replace(java.lang.Object,java.lang.Object),"
                            + " replace(java.lang.Object,java.lang.Object,java.lang.Object)]",
                    signatures(methods, EhcacheInstrumentation.Methods.WRITES).toString());
            assertEquals("[remove(java.lang.Object), remove(java.lang.Object,java.lang.Object)]",
                    signatures(methods, EhcacheInstrumentation.Methods.REMOVALS).toString());
            assertEquals("[clear(), containsKey(java.lang.Object), getAll(java.util.Set), putAll(java.util.Map),"
                            + " removeAll(java.util.Set)]",
                    signatures(methods, EhcacheInstrumentation.Methods.OTHERS).toString());
            for (MethodDescription m : methods) {
                int advices = (takes(EhcacheInstrumentation.Methods.GET, m) ? 1 : 0)
                        + (takes(EhcacheInstrumentation.Methods.WRITES, m) ? 1 : 0)
                        + (takes(EhcacheInstrumentation.Methods.REMOVALS, m) ? 1 : 0)
                        + (takes(EhcacheInstrumentation.Methods.OTHERS, m) ? 1 : 0);
                assertTrue(advices <= 1, m + " would be advised " + advices + " times");
            }
            assertTrue(signatures(methods, EhcacheInstrumentation.Methods.GET.or(EhcacheInstrumentation.Methods.WRITES)
                    .or(EhcacheInstrumentation.Methods.REMOVALS).or(EhcacheInstrumentation.Methods.OTHERS)).stream()
                    .noneMatch(s -> s.startsWith("getNoLoader") || s.startsWith("removeInternal")),
                    "the protected helpers the public methods and JCache call are left alone");
        }
    }

    @Test
    void theManagerNamesCachesTheLoaderLoadsAndTheHeapStoreEvicts() throws Exception {
        try (LibraryClasses ehcache = LibraryClasses.of("ehcache")) {
            assertEquals(1, signatures(ehcache.describe(EhcacheInstrumentation.MANAGER).getDeclaredMethods(),
                    EhcacheInstrumentation.Methods.CREATE).size(), "createNewEhcache(String alias, ...)");
            assertEquals("[evict(org.ehcache.core.events.StoreEventSink)]",
                    signatures(ehcache.describe(EhcacheInstrumentation.HEAP_STORE).getDeclaredMethods(),
                            EhcacheInstrumentation.Methods.EVICT).toString());
            assertEquals("[lambda$get$1(java.lang.Object)]",
                    signatures(ehcache.describe(EhcacheInstrumentation.LOADER_STORE).getDeclaredMethods(),
                            EhcacheInstrumentation.Methods.LOAD).toString(), "only the loading function of get");
            assertTrue(ehcache.describe(EhcacheInstrumentation.HEAP_STORE).getDeclaredFields().stream()
                            .map(f -> f.getName()).collect(Collectors.toSet())
                            .containsAll(List.of("invalidationListener", "NULL_INVALIDATION_LISTENER")),
                    "the eviction advice reads whether the heap store is the only tier");
        }
    }

    @Test
    void expiriesAreMatchedInTheHeapAndOffHeapStoresAndEvictionsInTheOffHeapListener() throws Exception {
        try (LibraryClasses ehcache = LibraryClasses.of("ehcache")) {
            assertEquals("[fireOnExpirationEvent(java.lang.Object,org.ehcache.core.spi.store.Store$ValueHolder,"
                            + "org.ehcache.core.events.StoreEventSink)]",
                    signatures(ehcache.describe(EhcacheInstrumentation.HEAP_STORE).getDeclaredMethods(),
                            EhcacheInstrumentation.Methods.EXPIRE).toString());
            assertEquals("[onExpiration(java.lang.Object,org.ehcache.core.spi.store.Store$ValueHolder,"
                            + "org.ehcache.core.events.StoreEventSink)]",
                    signatures(ehcache.describe(EhcacheInstrumentation.OFF_HEAP_STORE).getDeclaredMethods(),
                            EhcacheInstrumentation.Methods.OFF_HEAP_EXPIRE).toString(),
                    "the authority's expiry, not onExpirationInCachingTier");
            assertEquals("[onEviction(java.lang.Object,org.ehcache.impl.internal.store.offheap.OffHeapValueHolder)]",
                    signatures(ehcache.describe(EhcacheInstrumentation.OFF_HEAP_EVICTIONS).getDeclaredMethods(),
                            EhcacheInstrumentation.Methods.OFF_HEAP_EVICT).toString(), "the typed method, not its bridge");
            assertTrue(ehcache.describe(EhcacheInstrumentation.OFF_HEAP_EVICTIONS).getDeclaredFields().stream()
                            .anyMatch(f -> f.getName().equals("invalidationListener")),
                    "the eviction advice hands on the listener that tells an authority from a caching tier");
            assertTrue(ehcache.describe(EhcacheInstrumentation.OFF_HEAP_STORE).getDeclaredFields().stream()
                            .anyMatch(f -> f.getName().equals("NULL_INVALIDATION_LISTENER")),
                    "the recorder compares with the off-heap store's null listener");
        }
    }

    @Test
    void ehcacheAsAJCacheProviderIsMatchedAsJCacheAndNothingIsIgnored() throws Exception {
        try (LibraryClasses ehcache = LibraryClasses.of("ehcache")) {
            assertTrue(ehcache.matches(new JCacheTypes(), "org.ehcache.jsr107.Eh107Cache"));
            assertFalse(ehcache.matches(new JCacheTypes(), "org.ehcache.core.EhcacheBase"), "not a javax.cache.Cache");
        }
        for (String type : List.of(EhcacheInstrumentation.CACHE, EhcacheInstrumentation.MANAGER,
                EhcacheInstrumentation.HEAP_STORE, EhcacheInstrumentation.OFF_HEAP_STORE,
                EhcacheInstrumentation.OFF_HEAP_EVICTIONS, "org.ehcache.jsr107.Eh107Cache")) {
            assertFalse(IgnoredTypes.ignored(type), type);
        }
    }

    /** Asked as the weaver asks it: of the method's flags, name and descriptor in the class file. */
    private static boolean takes(MethodMatcher matcher, MethodDescription method) {
        return matcher.matches(method.getModifiers(), method.getInternalName(), method.getDescriptor());
    }

    private static TreeSet<String> signatures(List<? extends MethodDescription> methods, MethodMatcher matcher) {
        return methods.stream().filter(m -> takes(matcher, m))
                .map(m -> m.getName() + m.getParameters().asTypeList().asErasures().stream()
                        .map(t -> t.getName()).collect(Collectors.joining(",", "(", ")")))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
