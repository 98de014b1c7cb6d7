package dev.vitals.agent.instrumentation.servlet;

import dev.vitals.agent.instrumentation.LibraryClasses;
import dev.vitals.agent.instrumentation.TypeIndex;
import dev.vitals.testing.ResourceCountingLoader;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The servlet matcher on Tomcat 11's real classes (jakarta) and the javax servlet API of the test class path. */
class ServletTypesTest {
    private final ServletInstrumentation.ServletTypes matcher = new ServletInstrumentation.ServletTypes();

    @Test
    void acceptsConcreteServletsAndFiltersOfEitherApi() throws Exception {
        try (LibraryClasses tomcat = LibraryClasses.of("tomcat-embed-core")) {
            decides(tomcat, "jakarta.servlet.http.HttpServlet", true);
            decides(tomcat, "org.apache.catalina.filters.CorsFilter", true);
            decides(tomcat, "org.apache.catalina.filters.RemoteAddrFilter", true);
            decides(tomcat, "javax.servlet.http.HttpServlet", true);
            decides(tomcat, OwnServiceServlet.class.getName(), true, "overrides service(ServletRequest, ServletResponse)");
        }
    }

    @Test
    void rejectsServletsAndFiltersThatDeclareNoAdvisedMethod() throws Exception {
        // Advice reaches only the methods a class declares: these would be rewritten unchanged.
        try (LibraryClasses tomcat = LibraryClasses.of("tomcat-embed-core")) {
            decides(tomcat, "org.apache.catalina.servlets.DefaultServlet", false,
                    "overrides only service(HttpServletRequest, HttpServletResponse); HttpServlet's service is advised");
            decides(tomcat, "javax.servlet.GenericServlet", false, "its service is abstract");
            decides(tomcat, "jakarta.servlet.GenericFilter", false, "declares no doFilter");
            decides(tomcat, "org.apache.catalina.filters.FilterBase", false, "declares no doFilter");
        }
    }

    @Test
    void rejectsInterfacesAndLookAlikes() throws Exception {
        try (LibraryClasses tomcat = LibraryClasses.of("tomcat-embed-core")) {
            decides(tomcat, "jakarta.servlet.Servlet", false, "the interface itself");
            decides(tomcat, "org.apache.catalina.core.ApplicationFilterChain", false, "a FilterChain");
            decides(tomcat, "org.apache.catalina.connector.Request", false, "a ServletRequest");
            decides(tomcat, "org.apache.catalina.core.StandardWrapper", false, "a ServletConfig");
            decides(tomcat, "org.apache.catalina.core.ApplicationContext", false, "a ServletContext");
            decides(tomcat, LookAlikeServlet.class.getName(), false, "service(...) without the interface");
        }
    }

    /**
     * The first time a loader is asked for a resource it lacks, it searches every jar it has (a Spring Boot
     * application opens each nested jar for it): the matcher asks only for a class whose own constants say it may
     * declare an advised method.
     */
    @Test
    void asksTheLoaderForTheServletApiOnlyAboutAClassThatMayBeAServlet() throws Exception {
        ResourceCountingLoader loader = new ResourceCountingLoader(ServletTypesTest.class.getClassLoader());
        assertFalse(mayMatch(loader, NoServlet.class));
        assertEquals(List.of(), loader.asked, "no servlet descriptor in the class: the loader is not asked");

        assertTrue(mayMatch(loader, OwnServiceServlet.class));
        assertEquals("jakarta/servlet/Servlet.class", loader.asked.get(0), "asked first whether it sees jakarta's API");
        assertFalse(loader.asked.contains("javax/servlet/Servlet.class"), "found there, so javax is not searched for");
        int asked = loader.asked.size();
        assertTrue(mayMatch(loader, OwnServiceServlet.class));
        assertEquals(asked, loader.asked.size(), "the loader's answers are remembered: " + loader.asked);
    }

    /**
     * Half the classes a Tomcat distribution's start hands to the checks are Tomcat's own protocol, utility, naming and
     * pool classes, none of them a servlet or a filter: they are rejected by name, before their class files are read.
     */
    @Test
    void rejectsTomcatsPackagesWithoutServletsByNameAlone() throws Exception {
        ResourceCountingLoader loader = new ResourceCountingLoader(ServletTypesTest.class.getClassLoader());
        for (String name : new String[] {"org.apache.tomcat.util.Servlet", "org.apache.coyote.Servlet",
                "org.apache.naming.Servlet", "org.apache.tomcat.dbcp.Servlet", "org.apache.tomcat.jdbc.Servlet"}) {
            // A servlet's own bytes under the name: only the name can reject it.
            assertFalse(mayMatch(loader, OwnServiceServlet.class, name), name);
        }
        assertTrue(mayMatch(loader, OwnServiceServlet.class, "org.apache.catalina.servlets.Servlet"));
        assertTrue(mayMatch(loader, OwnServiceServlet.class, "org.apache.tomcat.websocket.server.Servlet"),
                "Tomcat's WebSocket filter is in this package");
    }

    private boolean mayMatch(ClassLoader loader, Class<?> type) throws Exception {
        return mayMatch(loader, type, type.getName());
    }

    /** Whether the matcher takes {@code type}'s class file, loading under {@code name}. */
    private boolean mayMatch(ClassLoader loader, Class<?> type, String name) throws Exception {
        String internal = type.getName().replace('.', '/');
        byte[] bytes;
        try (InputStream in = type.getClassLoader().getResourceAsStream(internal + ".class")) {
            bytes = in.readAllBytes();
        }
        Object outer = TypeIndex.begin(name.replace('.', '/'), bytes);
        try {
            return matcher.mayMatch(name, loader);
        } finally {
            TypeIndex.end(outer);
        }
    }

    /** Neither a servlet nor a filter, nor declaring their methods. */
    public static class NoServlet {
        public String service(String request) {
            return request;
        }
    }

    /** Both the gate's decision from the class's bytes and the matcher's from its description are {@code expected}. */
    private void decides(LibraryClasses classes, String name, boolean expected, String... why) {
        String message = name + (why.length == 0 ? "" : ": " + why[0]);
        assertEquals(expected, classes.matches(matcher, name), message);
        assertEquals(expected, classes.mayMatch(matcher, name), message + " (from its bytes)");
    }

    /** A servlet that overrides the advised {@code service} itself. */
    public static class OwnServiceServlet extends jakarta.servlet.http.HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        public void service(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response) {
        }
    }

    /** Has a servlet's method but is no servlet. */
    public static class LookAlikeServlet {
        public void service(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response) {
        }
    }
}
