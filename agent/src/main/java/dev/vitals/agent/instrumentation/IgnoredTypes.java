package dev.vitals.agent.instrumentation;

import dev.vitals.agent.instrumentation.httpclient.HttpClientInstrumentation;
import dev.vitals.agent.instrumentation.localcache.CaffeineInstrumentation;
import dev.vitals.agent.instrumentation.localcache.GuavaInstrumentation;
import dev.vitals.agent.instrumentation.localcache.JCacheInstrumentation;
import dev.vitals.agent.instrumentation.localcache.SpringCacheInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Package families no instrumentation ever advises, rejected by name before any matcher runs: the JDK (apart from
 * the two HTTP client classes advised), compilers, bytecode and proxy libraries, language runtimes, JSON, XML and
 * logging libraries, and the parts of Spring and Hibernate that hold no servlet, filter, JDBC or HTTP client class.
 *
 * <p>Not here, on purpose: servlet containers (Tomcat, Jetty, Undertow), JAX-RS implementations, JDBC drivers and
 * pools, {@code org.springframework.web}, {@code org.springframework.jdbc}, Spring Boot (its servlet filters and
 * data source builders), and Spring Data (its REST dispatcher servlet). Logging libraries ship servlet filters and
 * listeners: their classes named {@code *Servlet*} still go through; so do Hibernate's {@code .jdbc.} packages.
 */
public final class IgnoredTypes extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
    /** Advised although their packages are ignored. */
    private static final String[] KEPT = concat(new String[] {
        HttpClientInstrumentation.JDK_URL_CONNECTION, HttpClientInstrumentation.JDK_HTTP_CLIENT, "com.sun.mail.",
    }, CaffeineInstrumentation.TYPES, GuavaInstrumentation.KEPT, JCacheInstrumentation.KEPT,
            SpringCacheInstrumentation.KEPT);

    private static final String[] FAMILIES = {
        // the agent itself and its relocated libraries
        "dev.vitals.",
        // the JDK
        "java.", "jdk.", "sun.", "com.sun.", "javax.swing.", "javax.xml.", "javax.management.", "javax.naming.",
        "javax.crypto.", "javax.security.", "javax.net.", "javax.script.", "javax.lang.model.", "javax.tools.",
        "javax.annotation.", "javax.imageio.", "javax.sound.", "javax.print.", "javax.accessibility.", "org.w3c.",
        "org.xml.", "org.ietf.",
        // compilers and template or expression engines
        "org.eclipse.jdt.", "org.apache.jasper.compiler.", "org.codehaus.janino.", "org.codehaus.commons.compiler.",
        "org.codehaus.groovy.", "groovy.", "groovyjarjar", "org.jetbrains.kotlin.", "org.apache.el.", "jakarta.el.",
        "javax.el.", "org.thymeleaf.", "org.attoparser.", "org.unbescape.", "ognl.", "freemarker.", "org.mvel2.",
        // bytecode and proxies
        Unrelocated.name("net", "bytebuddy", ""), "org.objectweb.asm.", "javassist.", "net.sf.cglib.",
        "org.springframework.cglib.", "org.springframework.asm.", "org.springframework.objenesis.", "org.objenesis.",
        "org.aspectj.",
        // language runtimes
        "kotlin.", "kotlinx.", "scala.",
        // JSON, YAML, XML
        Unrelocated.name("com", "fasterxml", "jackson", ""), "tools.jackson.", "com.google.gson.", "org.yaml.snakeyaml.",
        "org.glassfish.jaxb.", "org.apache.xerces.", "org.apache.xml.", "org.apache.xalan.", "org.codehaus.stax2.",
        "com.ctc.wstx.",
        // general-purpose libraries
        "com.google.common.", "com.google.protobuf.", "com.github.benmanes.caffeine.", "org.apache.commons.lang.",
        "org.apache.commons.lang3.", "org.apache.commons.collections.", "org.apache.commons.collections4.",
        "org.apache.commons.io.", "org.apache.commons.codec.", "io.micrometer.", "io.netty.", "reactor.core.",
        "reactor.util.", "org.reactivestreams.", "org.jspecify.", "org.checkerframework.", "org.apiguardian.",
        "org.junit.", "org.opentest4j.", "org.hamcrest.", "org.assertj.", "org.mockito.",
        // Spring: everything but web, JDBC, Boot and Data
        "org.springframework.core.", "org.springframework.beans.", "org.springframework.context.",
        "org.springframework.aop.", "org.springframework.expression.", "org.springframework.util.",
        "org.springframework.aot.", "org.springframework.format.", "org.springframework.validation.",
        "org.springframework.scheduling.", "org.springframework.jmx.", "org.springframework.instrument.",
        "org.springframework.scripting.", "org.springframework.stereotype.", "org.springframework.lang.",
        "org.springframework.cache.", "org.springframework.ui.", "org.springframework.jndi.", "org.springframework.dao.",
        "org.springframework.transaction.", "org.springframework.orm.", "org.springframework.jca.",
        "org.springframework.messaging.", "org.springframework.resilience.", "org.springframework.retry.",
    };

    /** Logging libraries: ignored except their servlet filters and listeners. */
    private static final String[] LOGGING = {
        "org.slf4j.", "org.apache.logging.log4j.", "org.apache.log4j.", "ch.qos.logback.", "org.apache.juli.",
        Unrelocated.name("org", "jboss", "logging", ""),
    };

    @Override
    public boolean matches(TypeDescription type) {
        return ignored(type.getName());
    }

    /** Whether no instrumentation advises the class of this binary name. */
    public static boolean ignored(String name) {
        if (startsWithAny(name, KEPT)) {
            return false;
        }
        if (startsWithAny(name, FAMILIES)) {
            return true;
        }
        if (startsWithAny(name, LOGGING)) {
            return !name.contains("Servlet");
        }
        if (name.startsWith("org.hibernate.")) {
            return !name.contains(".jdbc.");
        }
        return false;
    }

    private static String[] concat(String[]... parts) {
        java.util.List<String> all = new java.util.ArrayList<>();
        for (String[] part : parts) {
            all.addAll(java.util.Arrays.asList(part));
        }
        return all.toArray(new String[0]);
    }

    private static boolean startsWithAny(String name, String[] prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
