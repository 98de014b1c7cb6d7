package dev.vitals.agent.instrumentation.servlet;

import dev.vitals.agent.instrumentation.LibraryClasses;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The servlet matcher on Tomcat 11's real classes (jakarta) and the javax servlet API of the test class path. */
class ServletTypesTest {
    private final ServletInstrumentation.ServletTypes matcher = new ServletInstrumentation.ServletTypes();

    @Test
    void acceptsConcreteServletsAndFiltersOfEitherApi() throws Exception {
        try (LibraryClasses tomcat = LibraryClasses.of("tomcat-embed-core")) {
            assertTrue(tomcat.matches(matcher, "org.apache.catalina.servlets.DefaultServlet"));
            assertTrue(tomcat.matches(matcher, "jakarta.servlet.http.HttpServlet"));
            assertTrue(tomcat.matches(matcher, "org.apache.catalina.filters.CorsFilter"));
            assertTrue(tomcat.matches(matcher, "org.apache.catalina.filters.RemoteAddrFilter"));
            assertTrue(tomcat.matches(matcher, "javax.servlet.http.HttpServlet"));
            assertTrue(tomcat.matches(matcher, "javax.servlet.GenericServlet"));
        }
    }

    @Test
    void rejectsInterfacesAndLookAlikes() throws Exception {
        try (LibraryClasses tomcat = LibraryClasses.of("tomcat-embed-core")) {
            assertFalse(tomcat.matches(matcher, "jakarta.servlet.Servlet"), "the interface itself");
            assertFalse(tomcat.matches(matcher, "org.apache.catalina.core.ApplicationFilterChain"), "a FilterChain");
            assertFalse(tomcat.matches(matcher, "org.apache.catalina.connector.Request"), "a ServletRequest");
            assertFalse(tomcat.matches(matcher, "org.apache.catalina.core.StandardWrapper"), "a ServletConfig");
            assertFalse(tomcat.matches(matcher, "org.apache.catalina.core.ApplicationContext"), "a ServletContext");
            assertFalse(tomcat.matches(matcher, LookAlikeServlet.class.getName()), "service(...) without the interface");
        }
    }

    /** Has a servlet's method but is no servlet. */
    public static class LookAlikeServlet {
        public void service(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response) {
        }
    }
}
