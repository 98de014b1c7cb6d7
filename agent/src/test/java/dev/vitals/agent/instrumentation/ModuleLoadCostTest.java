package dev.vitals.agent.instrumentation;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every module is created in premain, on the application's main thread, to learn which classes the start-up gate
 * holds. A module whose class builds Byte Buddy matchers in static fields loads about a hundred Byte Buddy classes
 * there, before the application's {@code main}: matchers belong in {@code install}, or in a nested holder class.
 */
class ModuleLoadCostTest {
    @Test
    void moduleClassesHoldNoByteBuddyObjectsInStaticFields() {
        List<String> offenders = new ArrayList<>();
        for (InstrumentationModule module : Instrumentations.modules()) {
            for (Field f : module.getClass().getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType().getName().startsWith("net.bytebuddy.")) {
                    offenders.add(module.getClass().getSimpleName() + "." + f.getName());
                }
            }
        }
        assertEquals(List.of(), offenders, "static Byte Buddy fields initialised when premain creates the modules");
    }
}
