package app;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.eclipse.jetty.server.handler.HandlerList;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

import javax.servlet.DispatcherType;
import javax.servlet.Filter;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;

/** Embedded Jetty 9.4, 10 or 11 (javax.servlet 3.1/4.0, or jakarta.servlet 5.0 after the package rewrite) serving {@link TestServlets}. */
public final class Jetty9Main {
    private Jetty9Main() {
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
        // A handler answers /plain before the servlet context: a request that no servlet handles.
        AbstractHandler plain = new AbstractHandler() {
            @Override
            public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
                    throws IOException {
                if ("/plain".equals(target)) {
                    response.setStatus(200);
                    response.getWriter().print("plain");
                    baseRequest.setHandled(true);
                }
            }
        };
        server.setHandler(new HandlerList(plain, ctx));
        server.start();
        System.out.println("APP_PORT=" + connector.getLocalPort());
        server.join();
    }
}
