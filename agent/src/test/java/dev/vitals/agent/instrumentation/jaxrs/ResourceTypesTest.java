package dev.vitals.agent.instrumentation.jaxrs;

import dev.vitals.agent.instrumentation.TypeIndex;
import dev.vitals.testing.ResourceCountingLoader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ResourceTypesTest {
    @Test
    void aLoaderIsAskedOnceWhetherItSeesJaxRs() {
        ResourceCountingLoader loader = new ResourceCountingLoader();
        JaxRsInstrumentation.ResourceTypes resources = new JaxRsInstrumentation.ResourceTypes();

        assertFalse(resources.mayMatch("com.example.Owners", loader));
        assertFalse(resources.mayMatch("com.example.Pets", loader));
        assertFalse(TypeIndex.seesJaxRs(loader));

        // Both API packages, once: the matcher and the type index (which reads @Path where JAX-RS is seen) share the
        // answer. Each asked on its own before, and a loader that sees no JAX-RS walked its jars twice as often.
        assertEquals(List.of("jakarta/ws/rs/Path.class", "javax/ws/rs/Path.class"), loader.asked);
    }

    /**
     * Only for a class that may be an application's resource: on WildFly the question links the module whose loader
     * is asked, about 1 ms for each of some 200 of the server's own modules at its start.
     */
    @Test
    void aServersOwnClassesNeverMakeTheirLoaderAskedAboutJaxRs() {
        JaxRsInstrumentation.ResourceTypes types = new JaxRsInstrumentation.ResourceTypes();
        ResourceCountingLoader server = new ResourceCountingLoader();
        for (String name : new String[] {"org.jboss.as.server.Main", "org.wildfly.extension.undertow.Host",
                "io.undertow.servlet.handlers.DefaultServlet", "io.smallrye.config.SmallRyeConfig",
                "org.infinispan.Cache", "org.jgroups.JChannel", "jakarta.ws.rs.core.Application", "java.lang.Thread"}) {
            assertFalse(types.mayMatch(name, server), name);
        }
        assertEquals(List.of(), server.asked, "the server's loader was never asked");
    }
}
