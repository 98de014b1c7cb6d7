package dev.vitals.agent.instrumentation.jaxrs;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The JAX-RS matcher asks a class loader whether it sees JAX-RS only for a class that may be an application's
 * resource: on WildFly that question links the module whose loader is asked, about 1 ms for each of some 200 of the
 * server's own modules at its start. Counted, not timed.
 */
class ResourceLoaderQuestionTest {
    /** A loader that sees nothing and counts what it is asked. */
    static final class CountingLoader extends ClassLoader {
        final List<String> asked = new ArrayList<>();

        CountingLoader() {
            super(null);
        }

        @Override
        public URL getResource(String name) {
            asked.add(name);
            return null;
        }
    }

    @Test
    void aServersOwnClassesNeverMakeTheirLoaderAskedAboutJaxRs() {
        JaxRsInstrumentation.ResourceTypes types = new JaxRsInstrumentation.ResourceTypes();
        CountingLoader server = new CountingLoader();
        for (String name : new String[] {"org.jboss.as.server.Main", "org.wildfly.extension.undertow.Host",
                "io.undertow.servlet.handlers.DefaultServlet", "io.smallrye.config.SmallRyeConfig",
                "org.infinispan.Cache", "org.jgroups.JChannel", "jakarta.ws.rs.core.Application", "java.lang.Thread"}) {
            assertFalse(types.mayMatch(name, server), name);
        }
        assertEquals(List.of(), server.asked, "the server's loader was never asked");

        CountingLoader application = new CountingLoader();
        assertFalse(types.mayMatch("com.example.shop.ProductResource", application), "the loader sees no JAX-RS");
        assertFalse(types.mayMatch("com.example.shop.OrderResource", application));
        assertEquals(List.of("jakarta/ws/rs/Path.class", "javax/ws/rs/Path.class"), application.asked,
                "an application's loader is asked once, for both API packages");
    }
}
