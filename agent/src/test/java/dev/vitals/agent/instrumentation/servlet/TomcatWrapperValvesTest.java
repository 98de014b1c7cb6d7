package dev.vitals.agent.instrumentation.servlet;

import dev.vitals.agent.instrumentation.LibraryClasses;
import dev.vitals.agent.instrumentation.TypeIndex;
import dev.vitals.testing.ResourceCountingLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tomcat's wrapper valve on Tomcat 11's real classes (jakarta) and Tomcat 9's of the agent's compile class path
 * (javax): the valve of each API is taken by its own rule only, and once one is, the servlets and filters below its
 * class loader are left to it.
 */
class TomcatWrapperValvesTest {
    private final TomcatWrapperValves jakarta = new TomcatWrapperValves("jakarta.servlet");
    private final TomcatWrapperValves javax = new TomcatWrapperValves("javax.servlet");
    private final ServletInstrumentation.ServletTypes servlets = new ServletInstrumentation.ServletTypes();

    @AfterEach
    void forgetValves() {
        TomcatWrapperValves.forgetAll();
    }

    @Test
    void eachApisValveIsTakenByItsOwnRuleOnly() throws Exception {
        try (LibraryClasses tomcat11 = LibraryClasses.isolated("tomcat-embed-core")) {
            assertTrue(tomcat11.mayMatch(jakarta, TomcatWrapperValves.NAME));
            assertTrue(tomcat11.matches(jakarta, TomcatWrapperValves.NAME));
            assertFalse(tomcat11.mayMatch(javax, TomcatWrapperValves.NAME), "Tomcat 11 names no javax.servlet class");
            assertFalse(tomcat11.matches(javax, TomcatWrapperValves.NAME));
            assertFalse(tomcat11.mayMatch(jakarta, "org.apache.catalina.core.StandardContextValve"));
        }
        try (LibraryClasses tomcat9 = LibraryClasses.of()) {
            assertTrue(tomcat9.mayMatch(javax, TomcatWrapperValves.NAME));
            assertTrue(tomcat9.matches(javax, TomcatWrapperValves.NAME));
            assertFalse(tomcat9.mayMatch(jakarta, TomcatWrapperValves.NAME), "Tomcat 9 names no jakarta.servlet class");
            assertFalse(tomcat9.matches(jakarta, TomcatWrapperValves.NAME));
        }
    }

    @Test
    void servletsBelowAValvesLoaderAreLeftToItWithoutReadingThemOrAskingTheLoader() throws Exception {
        try (LibraryClasses tomcat = LibraryClasses.isolated("tomcat-embed-core")) {
            ResourceCountingLoader webapp = new ResourceCountingLoader(tomcat.loader());
            ResourceCountingLoader elsewhere = new ResourceCountingLoader(TomcatWrapperValvesTest.class.getClassLoader());
            assertTrue(mayMatch(servlets, webapp, ServletTypesTest.OwnServiceServlet.class), "no valve yet: woven");

            assertTrue(tomcat.mayMatch(jakarta, TomcatWrapperValves.NAME));
            webapp.asked.clear();
            assertFalse(mayMatch(servlets, webapp, ServletTypesTest.OwnServiceServlet.class),
                    "a web application's servlet runs inside the valve");
            assertEquals(List.of(), webapp.asked, "rejected before its loader is asked for the servlet API");
            assertFalse(tomcat.mayMatch(servlets, "jakarta.servlet.http.HttpServlet"),
                    "the valve's own loader is covered too");
            assertTrue(mayMatch(servlets, elsewhere, ServletTypesTest.OwnServiceServlet.class),
                    "a loader outside the valve's is not");
        }
    }

    @Test
    void aLoadedValveAskedWithoutItsClassFileIsNotRemembered() throws Exception {
        try (LibraryClasses tomcat = LibraryClasses.isolated("tomcat-embed-core")) {
            Object outer = TypeIndex.begin("some/other/Class", new byte[0]);
            try {
                assertTrue(jakarta.mayMatch(TomcatWrapperValves.NAME, tomcat.loader()),
                        "a candidate for retransformation");
            } finally {
                TypeIndex.end(outer);
            }
            assertFalse(TomcatWrapperValves.covers(tomcat.loader()),
                    "remembered only when it is woven, from its class file");
        }
    }

    /**
     * Under a security manager that refuses the agent a loader's parent (Tomcat's {@code -security}), a class is not
     * covered, so it is checked as a servlet as before, and nothing is thrown into the class's loading.
     */
    @Test
    @SuppressWarnings("removal")
    void aLoaderWhoseParentIsRefusedIsNotCovered() throws Exception {
        try (LibraryClasses tomcat = LibraryClasses.isolated("tomcat-embed-core")) {
            assertTrue(tomcat.mayMatch(jakarta, TomcatWrapperValves.NAME));
            ClassLoader webapp = new ResourceCountingLoader(tomcat.loader());
            assertTrue(TomcatWrapperValves.covers(webapp));
            SecurityManager refusing = new SecurityManager() {
                @Override
                public void checkPermission(java.security.Permission permission) {
                    if (permission instanceof RuntimePermission && "getClassLoader".equals(permission.getName())) {
                        throw new SecurityException("refused: " + permission);
                    }
                }
            };
            System.setSecurityManager(refusing);
            try {
                assertFalse(TomcatWrapperValves.covers(webapp));
            } finally {
                System.setSecurityManager(null);
            }
        }
    }

    /** Whether {@code matcher} takes {@code type}'s class file, loading in {@code loader}. */
    private static boolean mayMatch(ServletInstrumentation.ServletTypes matcher, ClassLoader loader, Class<?> type)
            throws Exception {
        String internal = type.getName().replace('.', '/');
        byte[] bytes;
        try (InputStream in = type.getClassLoader().getResourceAsStream(internal + ".class")) {
            bytes = in.readAllBytes();
        }
        Object outer = TypeIndex.begin(internal, bytes);
        try {
            return matcher.mayMatch(type.getName(), loader);
        } finally {
            TypeIndex.end(outer);
        }
    }
}
