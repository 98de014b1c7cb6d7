package dev.vitals.agent.instrumentation.jdbc;

import dev.vitals.agent.instrumentation.CandidateTypes;
import dev.vitals.agent.instrumentation.TypeIndex;
import dev.vitals.agent.instrumentation.Unrelocated;
import dev.vitals.agent.instrumentation.MethodMatcher;
import dev.vitals.agent.instrumentation.Transformations;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static dev.vitals.agent.instrumentation.MethodMatcher.namedOneOf;

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
    /** The advised methods' names, as pairs of name and any parameter list for {@link TypeIndex#declaresOfLoading}. */
    private final String[][] advisedMethods;
    private final ElementMatcher<MethodDescription> advised;
    /**
     * The advised names, less those that start with a shorter one ({@code execute} stands for {@code executeQuery}...):
     * a class file with no constant starting with one of them declares none of the methods, and is rejected before its
     * methods are parsed.
     */
    private final byte[][] namesToFind;

    /**
     * @param kind          {@link TypeIndex#STATEMENT}, {@link TypeIndex#CONNECTION} or {@link TypeIndex#DATA_SOURCE}
     * @param advisedMethods names of the methods the module advises: advice reaches only the methods a class declares,
     *                       so a class that declares none of them is not matched (nor its hierarchy walked)
     */
    JdbcTypes(int kind, String... advisedMethods) {
        this.kind = kind;
        this.advisedMethods = new String[advisedMethods.length][];
        for (int i = 0; i < advisedMethods.length; i++) {
            this.advisedMethods[i] = new String[] {advisedMethods[i], "("};
        }
        this.advised = JdbcInstrumentation.concrete().and(namedOneOf(advisedMethods)).asByteBuddy();
        this.namesToFind = shortest(advisedMethods);
    }

    static byte[][] shortest(String... names) {
        List<byte[]> kept = new ArrayList<>();
        for (String name : names) {
            boolean startsWithAnother = false;
            for (String other : names) {
                startsWithAnother |= !other.equals(name) && name.startsWith(other);
            }
            if (!startsWithAnother) {
                kept.add(name.getBytes(StandardCharsets.US_ASCII));
            }
        }
        return kept.toArray(new byte[0][]);
    }

    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, Module module, Class<?> classBeingRedefined,
                           ProtectionDomain protectionDomain) {
        String name = type.getName();
        return loader != null && !skipped(name)
                && TypeIndex.cheaperFirst(type, () -> !type.getDeclaredMethods().filter(advised).isEmpty(),
                        () -> accepts(name, TypeIndex.facts(type, loader)));
    }

    @Override
    public boolean mayMatch(String name, ClassLoader loader) {
        return loader != null && !skipped(name) && TypeIndex.holdsConstantStartingWith(name, namesToFind)
                && TypeIndex.declaresOfLoading(name, advisedMethods)
                && accepts(name, TypeIndex.factsOfLoading(name, loader));
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
