package dev.vitals.agent.instrumentation.lifecycle;

import dev.vitals.agent.instrumentation.InstalledTypeMatchers;
import dev.vitals.agent.instrumentation.LibraryClasses;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server-start module's type matchers on Tomcat 11's, Jetty 12's and Undertow 2.3's real classes. */
class ServerStartTypesTest {
    private final InstalledTypeMatchers starts = InstalledTypeMatchers.of(new ServerStartInstrumentation());

    @Test
    void acceptsWhatEachServerStarts() throws Exception {
        try (LibraryClasses lib = LibraryClasses.of("tomcat-embed-core-", "jetty-server-", "undertow-core-")) {
            assertTrue(lib.matches(starts, "org.apache.catalina.connector.Connector"), "Tomcat's connector");
            assertTrue(lib.matches(starts, "org.eclipse.jetty.server.Server"), "Jetty's server");
            assertTrue(lib.matches(starts, "io.undertow.Undertow"), "Undertow's server");
        }
    }

    @Test
    void rejectsNamesakesInTheOtherServers() throws Exception {
        try (LibraryClasses lib = LibraryClasses.of("tomcat-embed-core-", "jetty-server-", "undertow-core-")) {
            assertFalse(lib.matches(starts, "org.eclipse.jetty.server.Connector"), "Jetty's Connector");
            assertFalse(lib.matches(starts, "org.apache.catalina.Server"), "Tomcat's Server");
            assertFalse(lib.matches(starts, "org.apache.catalina.core.StandardServer"));
            assertFalse(lib.matches(starts, "org.eclipse.jetty.server.ServerConnector"));
            assertFalse(lib.matches(starts, "io.undertow.Undertow$Builder"), "the builder nested in Undertow");
        }
    }
}
