package dev.vitals.agent.instrumentation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which types the type index reads the supertypes of (and, as a supertype, reads at all). */
class TypeIndexWalkTest {
    @Test
    void jdkTypesAreNotWalkedExceptJdbcs() {
        // What a servlet container's classes implement: JMX, JNDI, SAX, JAAS; none can be a servlet or a statement.
        for (String name : new String[] {"java.lang.Object", "java.util.EventListener", "javax.management.MBeanRegistration",
                "javax.management.modelmbean.ModelMBeanNotificationBroadcaster", "javax.naming.Context",
                "javax.naming.spi.ObjectFactory", "org.xml.sax.ContentHandler", "org.xml.sax.ext.DefaultHandler2",
                "javax.security.auth.login.LoginException", "org.w3c.dom.Node", "sun.misc.Unsafe",
                "com.sun.net.httpserver.HttpHandler", "jdk.internal.misc.Unsafe"}) {
            assertFalse(TypeIndex.walksSupertypes(name), name);
        }
        for (String name : new String[] {"java.sql.Statement", "java.sql.PreparedStatement", "javax.sql.DataSource",
                "javax.sql.ConnectionPoolDataSource"}) {
            assertTrue(TypeIndex.walksSupertypes(name), name);
        }
    }

    @Test
    void applicationAndLibraryTypesAreWalked() {
        // javax.servlet, javax.cache and javax.ws.rs are not the JDK's, whatever their prefix.
        for (String name : new String[] {"javax.servlet.http.HttpServlet", "javax.servlet.GenericFilter",
                "jakarta.servlet.GenericServlet", "javax.cache.Cache", "javax.ws.rs.core.Application",
                "org.apache.catalina.filters.FilterBase", "com.example.shop.OrderServlet", "NoPackage"}) {
            assertTrue(TypeIndex.walksSupertypes(name), name);
        }
        assertFalse(TypeIndex.walksSupertypes("org.springframework.core.Ordered"), "a family that is none of ours");
    }
}
