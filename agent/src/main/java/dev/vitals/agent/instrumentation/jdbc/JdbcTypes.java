package dev.vitals.agent.instrumentation.jdbc;

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
        "com.fasterxml.jackson.", "io.netty.", "reactor.", "org.aspectj.", "org.objectweb.asm.", "com.google.common.",
        "org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.util.", "org.apache.jasper.",
        "org.eclipse.jetty.", "io.undertow.", "org.xnio.", "org.jboss.logging.", "org.slf4j.", "ch.qos.logback.",
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
        return implementsTarget(type, target)
                || (DATA_SOURCE.equals(target) && DATA_SOURCE_BASES.contains(type.getName()));
    }

    static boolean implementsTarget(TypeDescription type, String target) {
        Deque<TypeDefinition> pending = new ArrayDeque<>();
        Set<String> visited = new HashSet<>();
        pending.add(type);
        while (!pending.isEmpty()) {
            TypeDefinition t = pending.poll();
            try {
                String name = t.asErasure().getName();
                if (target.equals(name)) {
                    return true;
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
        return false;
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
