package example.jaxrs;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

import java.nio.file.Files;

/** A Jersey 3 application on embedded Tomcat 10.1, mapped at {@code /api/*}. Prints {@code APP_PORT=<port>}. */
public final class JerseyApp {
    private JerseyApp() {
    }

    @Path("/owners")
    public static class Owners {
        @GET
        @Path("{ownerId}")
        public String show(@PathParam("ownerId") long ownerId) {
            return "owner " + ownerId;
        }

        @GET
        @Path("{ownerId: [0-9]+}/pets/{petId}")
        public Response pet(@PathParam("ownerId") long ownerId, @PathParam("petId") String petId) {
            return "0".equals(petId) ? Response.status(404).build() : Response.ok("pet").build();
        }
    }

    @Path("orders")
    public interface OrdersApi {
        @DELETE
        @Path("{id}")
        String cancel(@PathParam("id") String id);
    }

    /** Annotations inherited from the interface. */
    public static class Orders implements OrdersApi {
        @Override
        public String cancel(String id) {
            return "cancelled";
        }
    }

    public static void main(String[] args) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("jersey-tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context ctx = tomcat.addContext("", null);
        ResourceConfig config = new ResourceConfig(Owners.class, Orders.class);
        Tomcat.addServlet(ctx, "jersey", new ServletContainer(config));
        ctx.addServletMappingDecoded("/api/*", "jersey");
        tomcat.start();
        System.out.println("APP_PORT=" + connector.getLocalPort());
        tomcat.getServer().await();
    }
}
