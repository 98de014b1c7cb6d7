package dev.vitals.agent.instrumentation;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The type description caches go after a period without lookups, and come back on the next lookup. */
class TypePoolsTest {
    /** Reads the type's methods, so that the (lazy) pool really reads and caches its class file. */
    private static void describe(ClassLoader loader, String type) {
        TypePool pool = TypePools.INSTANCE.typePool(ClassFileLocator.ForClassLoader.of(loader), loader);
        TypeDescription description = pool.describe(type).resolve();
        assertTrue(description.getDeclaredMethods().size() > 0);
    }

    @Test
    void cachesAreDroppedOnlyAfterAPeriodWithoutLookups() {
        ClassLoader loader = new ClassLoader(TypePoolsTest.class.getClassLoader()) {
        };
        describe(loader, TypePoolsTest.class.getName());
        assertTrue(TypePools.INSTANCE.cachedLoaders() >= 1);

        assertEquals(0, TypePools.INSTANCE.trimIfIdle(), "lookups since the last call: kept");
        assertTrue(TypePools.INSTANCE.trimIfIdle() >= 1, "a whole period without lookups: dropped");
        assertEquals(0, TypePools.INSTANCE.cachedLoaders());

        describe(loader, TypePoolsTest.class.getName());
        assertEquals(1, TypePools.INSTANCE.cachedLoaders(), "a lookup after the drop makes a new cache");
        assertEquals(0, TypePools.INSTANCE.trimIfIdle(), "a lookup in the period: kept");
        assertEquals(1, TypePools.INSTANCE.cachedLoaders());
    }
}
