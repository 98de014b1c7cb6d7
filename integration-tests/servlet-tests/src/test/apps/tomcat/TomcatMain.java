package app;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ValveBase;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

import javax.servlet.Filter;
import javax.servlet.Servlet;
import javax.servlet.ServletException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;

/** Embedded Tomcat (9 with javax, 10.1 with the package rewritten to jakarta) serving {@link TestServlets}. */
public final class TomcatMain {
    private TomcatMain() {
    }

    public static void main(String[] args) throws Exception {
        File base = Files.createTempDirectory("tomcat").toFile();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.getAbsolutePath());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context ctx = tomcat.addContext("", base.getAbsolutePath());
        TestServlets.registerAll(new TestServlets.Registrar() {
            @Override
            public void servlet(String name, Servlet servlet, String pattern) {
                Tomcat.addServlet(ctx, name, servlet).setAsyncSupported(true);
                ctx.addServletMappingDecoded(pattern, name);
            }

            @Override
            public void filter(String name, Filter filter, String pattern) {
                FilterDef def = new FilterDef();
                def.setFilterName(name);
                def.setFilter(filter);
                def.setAsyncSupported("true");
                ctx.addFilterDef(def);
                FilterMap map = new FilterMap();
                map.setFilterName(name);
                map.addURLPattern(pattern);
                ctx.addFilterMap(map);
            }
        });
        // A valve answers /plain before any context: a request that no servlet handles.
        tomcat.getEngine().getPipeline().addValve(new ValveBase(true) { // true: the async servlets behind it need it
            @Override
            public void invoke(Request request, Response response) throws IOException, ServletException {
                if ("/plain".equals(request.getRequestURI())) {
                    response.setStatus(200);
                    response.getWriter().print("plain");
                    return;
                }
                getNext().invoke(request, response);
            }
        });
        Extras.register(tomcat, ctx);
        int busyBeforeStart = Integer.getInteger("app.busyBeforeStartSeconds", 0);
        if (busyBeforeStart > 0) {
            // A long start with the server created but not started, as a large Spring Boot application's refresh.
            keepLoadingClasses();
            Thread.sleep(busyBeforeStart * 1000L);
        }
        tomcat.start();
        System.out.println("APP_PORT=" + connector.getLocalPort());
        if (Boolean.getBoolean("app.busyAfterStart")) {
            keepLoadingClasses();
        }
        tomcat.getServer().await();
    }

    /**
     * Class loading that never goes quiet (about 400 classes a second, each through a new class loader), as in a long
     * start or under traffic that keeps reaching new code.
     */
    private static void keepLoadingClasses() {
        java.net.URL classes = TomcatMain.class.getProtectionDomain().getCodeSource().getLocation();
        Thread busy = new Thread(() -> {
            while (true) {
                try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {classes}, null)) {
                    loader.loadClass(TomcatMain.class.getName());
                    Thread.sleep(2);
                } catch (Exception e) {
                    return;
                }
            }
        }, "busy-class-loading");
        busy.setDaemon(true);
        busy.start();
    }
}
