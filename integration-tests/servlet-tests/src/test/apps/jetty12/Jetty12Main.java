package app;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.util.Callback;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;

/** Embedded Jetty 12 ee10 (jakarta.servlet 6.0) serving {@link TestServlets}, behind a core handler that answers /plain. */
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
        // A core handler answers /plain before the servlet context: a request that no servlet handles.
        Handler.Abstract plain = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (!"/plain".equals(Request.getPathInContext(request))) {
                    return false;
                }
                response.setStatus(200);
                response.write(true, ByteBuffer.wrap("plain".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        };
        server.setHandler(new Handler.Sequence(plain, ctx));
        server.start();
        System.out.println("APP_PORT=" + connector.getLocalPort());
        server.join();
    }
}
