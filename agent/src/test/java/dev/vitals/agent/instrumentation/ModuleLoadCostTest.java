package dev.vitals.agent.instrumentation;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.ConfigLoader;
import net.bytebuddy.asm.Advice;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * Modules name their advice by string ({@link InstrumentationModule#advice}), so that installing them loads none of
     * it: every name must be a class of the module's package with advice on it, or the module would fail to weave.
     */
    @Test
    void everyAdviceAModuleNamesIsAnAdviceClassInItsPackage() throws Exception {
        Config defaults = ConfigLoader.load("", Map.of(), new Properties());
        List<String> wrong = new ArrayList<>();
        int named = 0;
        for (InstrumentationModule module : Instrumentations.modules()) {
            for (Transformations.Rule rule : module.install(defaults, Transformations.empty()).rules()) {
                for (Transformations.Transformer transformer : rule.transformers) {
                    if (!(transformer instanceof AdviceTransformer)) {
                        continue;
                    }
                    for (String adviceClass : ((AdviceTransformer) transformer).adviceClasses()) {
                        named++;
                        if (!adviceClass.startsWith(module.getClass().getPackageName() + ".") || !isAdvice(adviceClass)) {
                            wrong.add(module.name() + ": " + adviceClass);
                        }
                    }
                }
            }
        }
        assertTrue(named > 80, "the modules name their advice: " + named);
        assertEquals(List.of(), wrong, "named advice that is no advice class of the module's package");
    }

    private static boolean isAdvice(String name) {
        try {
            for (Method m : Class.forName(name, false, ModuleLoadCostTest.class.getClassLoader()).getDeclaredMethods()) {
                if (m.isAnnotationPresent(Advice.OnMethodEnter.class) || m.isAnnotationPresent(Advice.OnMethodExit.class)) {
                    return true;
                }
            }
            return false;
        } catch (ClassNotFoundException missing) {
            return false;
        }
    }
}
