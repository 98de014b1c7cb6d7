package app;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.FilterInfo;
import io.undertow.servlet.api.ServletInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.net.InetSocketAddress;

/** Embedded Undertow servlet (jakarta.servlet 6.0) serving {@link TestServlets}. */
public final class UndertowMain {
    private UndertowMain() {
    }

    public static void main(String[] args) throws Exception {
        DeploymentInfo deployment = Servlets.deployment()
                .setClassLoader(UndertowMain.class.getClassLoader())
                .setContextPath("/")
                .setDeploymentName("app.war");
        TestServlets.registerAll(new TestServlets.Registrar() {
            @Override
            public void servlet(String name, Servlet servlet, String pattern) {
                ServletInfo info = Servlets.servlet(name, servlet.getClass(), new ImmediateInstanceFactory<>(servlet))
                        .addMapping(pattern).setAsyncSupported(true);
                deployment.addServlet(info);
            }

            @Override
            public void filter(String name, Filter filter, String pattern) {
                FilterInfo info = Servlets.filter(name, filter.getClass(), new ImmediateInstanceFactory<>(filter))
                        .setAsyncSupported(true);
                deployment.addFilter(info);
                for (DispatcherType type : DispatcherType.values()) {
                    deployment.addFilterUrlMapping(name, pattern, type);
                }
            }
        });
        DeploymentManager manager = Servlets.defaultContainer().addDeployment(deployment);
        manager.deploy();
        Undertow server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setHandler(new PlainFirst(manager.start()))
                .build();
        server.start();
        InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
        System.out.println("APP_PORT=" + address.getPort());
        Thread.currentThread().join();
    }

    /**
     * Answers /plain on the I/O thread and /plain-worker after dispatching to a worker, as Undertow handlers do
     * (WildFly's welcome content): requests that no servlet handles. Everything else goes to the servlets.
     */
    static final class PlainFirst implements HttpHandler {
        private final HttpHandler next;

        PlainFirst(HttpHandler next) {
            this.next = next;
        }

        @Override
        public void handleRequest(HttpServerExchange exchange) throws Exception {
            String path = exchange.getRequestPath();
            if (path.equals("/plain-worker") && exchange.isInIoThread()) {
                exchange.dispatch(this);
            } else if (path.equals("/plain") || path.equals("/plain-worker")) {
                exchange.getResponseSender().send("plain");
            } else {
                next.handleRequest(exchange);
            }
        }
    }
}
