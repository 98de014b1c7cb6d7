package dev.vitals.agent.instrumentation.jdbc;

import dev.vitals.agent.instrumentation.CandidateTypes;
import dev.vitals.agent.instrumentation.TypeIndex;
import dev.vitals.agent.instrumentation.Unrelocated;
import dev.vitals.agent.instrumentation.Transformations;
import net.bytebuddy.description.type.TypeDescription;

import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Set;

/**
 * Matches concrete (or abstract, but not interface) classes implementing one JDBC interface, as {@link TypeIndex}
 * knows them from the class's header and the supertypes it remembers, without loading any class. Types of packages
 * that never implement JDBC interfaces are skipped by name first. A supertype that cannot be resolved (an optional
 * dependency that is absent) ends that branch instead of failing the match.
 */
final class JdbcTypes implements Transformations.RawMatcher, CandidateTypes.HeaderMatcher {
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

    private final int kind;

    /** @param kind {@link TypeIndex#STATEMENT}, {@link TypeIndex#CONNECTION} or {@link TypeIndex#DATA_SOURCE} */
    JdbcTypes(int kind) {
        this.kind = kind;
    }

    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, Module module, Class<?> classBeingRedefined,
                           ProtectionDomain protectionDomain) {
        String name = type.getName();
        return loader != null && !skipped(name) && accepts(name, TypeIndex.facts(type, loader));
    }

    @Override
    public boolean mayMatch(String name, ClassLoader loader) {
        return loader != null && !skipped(name) && accepts(name, TypeIndex.factsOfLoading(name, loader));
    }

    private boolean accepts(String name, int facts) {
        if ((facts & (TypeIndex.INTERFACE | TypeIndex.ANNOTATION)) != 0) {
            return false;
        }
        return (facts & kind) != 0 || (kind == TypeIndex.DATA_SOURCE && DATA_SOURCE_BASES.contains(name));
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
