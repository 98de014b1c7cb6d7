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
     * Installing the modules (on {@code vitals-init}, while the application starts) builds their matchers without Byte
     * Buddy's {@code ElementMatchers}: that class (61 KB) and the matcher classes its factories create were some 40
     * classes loaded at every start. The modules are installed in a class loader of their own, so that classes other
     * tests loaded do not count.
     */
    @Test
    void installingEveryModuleLoadsNoneOfByteBuddysElementMatchers() throws Exception {
        java.net.URL[] classPath = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> {
                    try {
                        return java.nio.file.Paths.get(entry).toUri().toURL();
                    } catch (java.net.MalformedURLException e) {
                        throw new IllegalStateException(e);
                    }
                }).toArray(java.net.URL[]::new);
        try (Isolated loader = new Isolated(classPath)) {
            Class<?> configLoader = loader.loadClass(ConfigLoader.class.getName());
            Object config = configLoader.getMethod("load", String.class, Map.class, Properties.class)
                    .invoke(null, "", Map.of(), new Properties());
            Class<?> instrumentations = loader.loadClass(Instrumentations.class.getName());
            Method modules = instrumentations.getDeclaredMethod("modules");
            modules.setAccessible(true);
            Class<?> transformations = loader.loadClass(Transformations.class.getName());
            Class<?> moduleType = loader.loadClass(InstrumentationModule.class.getName());
            Method install = moduleType.getMethod("install", loader.loadClass(Config.class.getName()), transformations);
            int installed = 0;
            for (Object module : (List<?>) modules.invoke(null)) {
                install.invoke(module, config, transformations.getMethod("empty").invoke(null));
                installed++;
            }
            assertTrue(installed > 10, "the modules were installed: " + installed);
            assertEquals(null, loader.loaded("net.bytebuddy.matcher.ElementMatchers"),
                    "a module's install loaded Byte Buddy's ElementMatchers");
        }
    }

    /** The test class path without a parent to share it with: every class of the agent and Byte Buddy loaded anew. */
    private static final class Isolated extends java.net.URLClassLoader {
        Isolated(java.net.URL[] classPath) {
            super(classPath, ClassLoader.getPlatformClassLoader());
        }

        Class<?> loaded(String name) {
            return findLoadedClass(name);
        }
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
