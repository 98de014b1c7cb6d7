package app;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.util.EnumSet;

/** Embedded Jetty 9.4 (jakarta.servlet 3.1) serving {@link TestServlets}. */
public final class Jetty12Main {
    private Jetty12Main() {
    }

    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler ctx = new ServletContextHandler();
        ctx.setContextPath("/");
        TestServlets.registerAll(new TestServlets.Registrar() {
            @Override
            public void servlet(String name, Servlet servlet, String pattern) {
                ServletHolder holder = new ServletHolder(name, servlet);
                holder.setAsyncSupported(true);
                ctx.addServlet(holder, pattern);
            }

            @Override
            public void filter(String name, Filter filter, String pattern) {
                FilterHolder holder = new FilterHolder(filter);
                holder.setName(name);
                holder.setAsyncSupported(true);
                ctx.addFilter(holder, pattern, EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC,
                        DispatcherType.FORWARD, DispatcherType.INCLUDE, DispatcherType.ERROR));
            }
        });
        server.setHandler(ctx);
        server.start();
        System.out.println("APP_PORT=" + connector.getLocalPort());
        server.join();
    }
}
