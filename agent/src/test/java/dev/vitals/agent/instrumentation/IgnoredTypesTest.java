package dev.vitals.agent.instrumentation;

import dev.vitals.agent.instrumentation.httpclient.HttpClientInstrumentation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IgnoredTypesTest {
    @Test
    void ignoresFamiliesThatAreNeverAdvised() {
        for (String name : new String[] {"java.lang.String", "jdk.internal.misc.Unsafe", "sun.misc.Unsafe",
                "org.eclipse.jdt.internal.compiler.Compiler", "org.hibernate.internal.SessionImpl",
                "org.springframework.beans.factory.support.DefaultListableBeanFactory",
                "org.springframework.core.io.ClassPathResource", "kotlin.collections.CollectionsKt",
                "org.slf4j.LoggerFactory", "ch.qos.logback.classic.Logger", "org.apache.juli.ClassLoaderLogManager",
                "org.objectweb.asm.ClassReader",
                Unrelocated.name("com", "fasterxml", "jackson", "databind", "ObjectMapper"),
                Unrelocated.name("net", "bytebuddy", "ByteBuddy")}) {
            assertTrue(IgnoredTypes.ignored(name), name);
        }
    }

    @Test
    void keepsWhatInstrumentationsAdvise() {
        for (String name : new String[] {HttpClientInstrumentation.JDK_URL_CONNECTION, HttpClientInstrumentation.JDK_HTTP_CLIENT,
                "com.sun.mail.smtp.SMTPTransport", "javax.mail.Transport", "javax.servlet.http.HttpServlet",
                "jakarta.servlet.http.HttpServlet", "org.springframework.web.servlet.DispatcherServlet",
                "org.springframework.web.filter.CharacterEncodingFilter", "org.springframework.jdbc.datasource.DriverManagerDataSource",
                "org.springframework.boot.web.servlet.filter.OrderedCharacterEncodingFilter",
                "org.apache.catalina.connector.Connector", "org.eclipse.jetty.server.Server",
                "ch.qos.logback.classic.helpers.MDCInsertingServletFilter", "org.apache.logging.log4j.web.Log4jServletFilter",
                "org.hibernate.engine.jdbc.internal.StatementPreparerImpl", "org.h2.jdbc.JdbcStatement",
                "com.zaxxer.hikari.HikariDataSource", "redis.clients.jedis.Connection", "io.lettuce.core.protocol.Command",
                "okhttp3.internal.connection.RealCall", "com.example.shop.OrderServlet"}) {
            assertFalse(IgnoredTypes.ignored(name), name);
        }
    }
}
