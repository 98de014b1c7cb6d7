package dev.vitals.agent.instrumentation.jaxrs;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JaxRsTemplatesTest {
    @jakarta.ws.rs.Path("/owners")
    public static class Owners {
        @jakarta.ws.rs.GET
        @jakarta.ws.rs.Path("{ownerId}")
        public String show(@jakarta.ws.rs.PathParam("ownerId") long id) {
            return "";
        }

        @jakarta.ws.rs.POST
        public String create(String body) {
            return "";
        }

        @jakarta.ws.rs.GET
        @jakarta.ws.rs.Path("/{ownerId : [0-9]+}/pets/{petId: \\d{1,4}}/")
        public String pet(long owner, long pet) {
            return "";
        }

        /** A sub-resource locator: no HTTP method, so no template of its own. */
        @jakarta.ws.rs.Path("{ownerId}/visits")
        public Object visits() {
            return null;
        }

        public String helper() {
            return "";
        }
    }

    @javax.ws.rs.Path("api/v1/")
    public interface OrdersApi {
        @javax.ws.rs.DELETE
        @javax.ws.rs.Path("orders/{id}")
        String cancel(String id);
    }

    /** JAX-RS annotations inherited from an interface. */
    public static class OrdersResource implements OrdersApi {
        @Override
        public String cancel(String id) {
            return "";
        }
    }

    private static String template(Class<?> type, String method) {
        MethodDescription m = TypeDescription.ForLoadedType.of(type).getDeclaredMethods().filter(named(method)).getOnly();
        return JaxRsTemplates.template(m);
    }

    @Test
    void joinsClassAndMethodPaths() {
        assertEquals("/owners/{ownerId}", template(Owners.class, "show"));
        assertEquals("/owners", template(Owners.class, "create"));
    }

    @Test
    void dropsParameterRegularExpressionsAndExtraSlashes() {
        assertEquals("/owners/{ownerId}/pets/{petId}", template(Owners.class, "pet"));
        assertEquals("/", JaxRsTemplates.join("/", ""));
        assertEquals("/a/b", JaxRsTemplates.join("a//", "//b/"));
    }

    @Test
    void readsAnnotationsInheritedFromAnInterface() {
        assertEquals("/api/v1/orders/{id}", template(OrdersResource.class, "cancel"));
    }

    @Test
    void locatorsAndPlainMethodsHaveNoTemplate() {
        assertNull(template(Owners.class, "visits"));
        assertNull(template(Owners.class, "helper"));
    }

    @Test
    void typesAreMatchedThroughTheirHierarchy() {
        assertTrue(resource(Owners.class));
        assertTrue(resource(OrdersResource.class));
        assertFalse(resource(String.class));
    }

    private static boolean resource(Class<?> type) {
        return new JaxRsInstrumentation.ResourceTypes().matches(TypeDescription.ForLoadedType.of(type),
                type.getClassLoader(), null, null, null);
    }
}
