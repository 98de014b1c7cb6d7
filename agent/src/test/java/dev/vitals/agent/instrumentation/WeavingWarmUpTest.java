package dev.vitals.agent.instrumentation;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.ConfigLoader;
import dev.vitals.agent.instrumentation.jdbc.ExecuteSqlAdvice;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The warm-up weaves the agent's real advice through the transformer's own path, so the classes it loads are those. */
class WeavingWarmUpTest {
    @Test
    void weavesRealAdviceIntoItsTargetWhichStillWorks() throws Exception {
        byte[] original = AdviceTransformerTest.classFile(WeavingWarmUp.Target.class);

        byte[] woven = WeavingWarmUp.run();

        assertNotNull(woven, "the warm-up failed");
        assertFalse(java.util.Arrays.equals(original, woven), "nothing was woven");
        String constants = new String(woven, StandardCharsets.ISO_8859_1);
        assertTrue(constants.contains("dev/vitals/bootstrap/jdbc/JdbcHooks"), "the JDBC advice is inlined");
        assertTrue(AdviceTransformer.inline(ExecuteSqlAdvice.class.getName()).supported(),
                "the advice was read for the agent's own weaver, as for an application class");
        assertNull(AdviceTransformer.built(WeavingWarmUp.class.getClassLoader(), ExecuteSqlAdvice.class.getName()),
                "Byte Buddy's advice is not built for advice the agent's weaver inlines");
        assertEquals(true, execute(woven, ""), "the advised method still does its work");
        assertEquals(false, execute(woven, "select 1"));
    }

    @Test
    void wantedOnlyWhenAServerOrFrameworkIsStartingAndAModuleIsOn() {
        Config defaults = ConfigLoader.load(null, new HashMap<>(), new Properties());
        // An application with nothing the agent instruments (the JDK's classes, its own) never loads the weaving.
        assertFalse(Instrumentations.warmUpWanted(defaults, Stream.of("java.lang.String", "example.SleeperApp")));
        assertFalse(Instrumentations.warmUpWeaving(defaults, new Class<?>[]{String.class, WeavingWarmUpTest.class}));
        // A Tomcat distribution starts faster without it (measured); Spring Boot with embedded Tomcat, with it.
        assertFalse(Instrumentations.warmUpWanted(defaults, Stream.of("java.lang.String",
                "org.apache.catalina.startup.Bootstrap")), "Tomcat's launcher");
        assertTrue(Instrumentations.warmUpWanted(defaults, Stream.of("org.springframework.boot.loader.launch.JarLauncher",
                "org.apache.catalina.startup.Tomcat")), "Spring Boot's launcher");
        assertTrue(Instrumentations.warmUpWanted(defaults, Stream.of("org.jboss.modules.Main")), "WildFly's launcher");

        StringJoiner allOff = new StringJoiner(",");
        for (InstrumentationModule module : Instrumentations.modules()) {
            allOff.add(module.enabledKey().name() + "=false");
        }
        assertFalse(Instrumentations.warmUpWanted(ConfigLoader.load(allOff.toString(), new HashMap<>(), new Properties()),
                Stream.of("org.jboss.modules.Main")), "nothing will be woven with every module off");
        assertTrue(Instrumentations.warmUpWanted(ConfigLoader.load("instrumentation.jdbc.enabled=false", new HashMap<>(),
                new Properties()), Stream.of("org.jboss.modules.Main")), "one module on is enough");
    }

    /** Defines the woven class in a loader of its own (the bootstrap API comes from the parent) and calls it. */
    private static Object execute(byte[] woven, String sql) throws Exception {
        String name = WeavingWarmUp.Target.class.getName();
        Class<?> type = new ClassLoader(WeavingWarmUpTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
                if (className.equals(name)) {
                    synchronized (getClassLoadingLock(className)) {
                        Class<?> known = findLoadedClass(className);
                        return known != null ? known : defineClass(className, woven, 0, woven.length);
                    }
                }
                return super.loadClass(className, resolve);
            }
        }.loadClass(name);
        Constructor<?> constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        Method execute = type.getDeclaredMethod("execute", String.class);
        execute.setAccessible(true);
        return execute.invoke(constructor.newInstance(), sql);
    }
}
