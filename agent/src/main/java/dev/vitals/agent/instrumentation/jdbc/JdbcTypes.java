package dev.vitals.agent.instrumentation.jdbc;

import dev.vitals.agent.instrumentation.Unrelocated;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.utility.JavaModule;

import java.security.ProtectionDomain;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Matches concrete (or abstract, but not interface) classes implementing one JDBC interface, by walking the type's
 * hierarchy by name without loading any class. Types of packages that never implement JDBC interfaces are skipped
 * by name first, so the walk runs for few of the classes an application loads. A supertype that cannot be resolved
 * (an optional dependency that is absent) ends that branch instead of failing the match.
 */
final class JdbcTypes implements AgentBuilder.RawMatcher {
    static final String STATEMENT = "java.sql.Statement";
    static final String CONNECTION = "java.sql.Connection";
    static final String DATA_SOURCE = "javax.sql.DataSource";

    private static final String[] NEVER_JDBC = {
        "java.", "javax.", "jdk.", "sun.", "com.sun.", "kotlin.", "scala.", "groovy.", "org.codehaus.groovy.",
        Unrelocated.name("com", "fasterxml", "jackson", ""), "io.netty.", "reactor.", "org.aspectj.", "org.objectweb.asm.",
        "com.google.common.",
        "org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.util.", "org.apache.jasper.",
        "org.eclipse.jetty.", Unrelocated.name("io", "undertow", ""), Unrelocated.name("org", "xnio", ""),
        Unrelocated.name("org", "jboss", "logging", ""), "org.slf4j.", "ch.qos.logback.",
        "org.apache.logging.log4j.", "org.junit.", "org.springframework.core.", "org.springframework.beans.",
        "org.springframework.context.", "org.springframework.aop.", "org.springframework.expression.",
        "org.springframework.util.", "org.springframework.web.", "io.micrometer.", "org.yaml.snakeyaml.",
        "redis.clients.", "io.lettuce.",
    };

    /**
     * Pool base classes that declare {@code getConnection()} without implementing {@code DataSource} themselves (their
     * subclass does): advice only reaches methods of the class it transforms, so these are matched by name.
     */
    private static final Set<String> DATA_SOURCE_BASES = Collections.singleton("org.apache.tomcat.jdbc.pool.DataSourceProxy");

    private final String target;

    JdbcTypes(String target) {
        this.target = target;
    }

    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> classBeingRedefined,
                           ProtectionDomain protectionDomain) {
        if (loader == null || type.isInterface() || type.isAnnotation() || skipped(type.getName())) {
            return false;
        }
        return (kinds(type, loader) & bit(target)) != 0
                || (DATA_SOURCE.equals(target) && DATA_SOURCE_BASES.contains(type.getName()));
    }

    /**
     * The three matchers (statement, connection, data source) are asked about the same type one after the other on
     * the loading thread: one hierarchy walk answers all three, remembered for the last type on this thread.
     */
    private static final ThreadLocal<Object[]> LAST = new ThreadLocal<>();

    private static int kinds(TypeDescription type, ClassLoader loader) {
        Object[] last = LAST.get();
        String name = type.getName();
        if (last != null && last[0].equals(name) && ((java.lang.ref.Reference<?>) last[1]).get() == loader) {
            return (Integer) last[2];
        }
        int kinds = walk(type);
        LAST.set(new Object[] {name, new java.lang.ref.WeakReference<>(loader), kinds});
        return kinds;
    }

    private static int bit(String target) {
        return STATEMENT.equals(target) ? 1 : CONNECTION.equals(target) ? 2 : 4;
    }

    /** Bits 1, 2 and 4: implements Statement, Connection, DataSource; one walk of the hierarchy. */
    static int walk(TypeDescription type) {
        int kinds = 0;
        Deque<TypeDefinition> pending = new ArrayDeque<>();
        Set<String> visited = new HashSet<>();
        pending.add(type);
        while (!pending.isEmpty()) {
            TypeDefinition t = pending.poll();
            try {
                String name = t.asErasure().getName();
                if (STATEMENT.equals(name)) {
                    kinds |= 1;
                } else if (CONNECTION.equals(name)) {
                    kinds |= 2;
                } else if (DATA_SOURCE.equals(name)) {
                    kinds |= 4;
                }
                if (!visited.add(name) || "java.lang.Object".equals(name)) {
                    continue;
                }
                TypeDefinition superClass = t.getSuperClass();
                if (superClass != null) {
                    pending.add(superClass);
                }
                for (TypeDefinition i : t.getInterfaces()) {
                    pending.add(i);
                }
            } catch (RuntimeException unresolvable) {
                // Byte Buddy throws IllegalStateException for a type its pool cannot find.
            }
        }
        return kinds;
    }

    private static boolean skipped(String name) {
        for (String prefix : NEVER_JDBC) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
