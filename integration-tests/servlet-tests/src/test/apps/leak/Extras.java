package app;

import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.ref.WeakReference;

/**
 * Adds {@code /admin/deploy?docBase=DIR} (deploys the web application in DIR at {@code /leaky}, with its own
 * web-app class loader) and {@code /admin/undeploy} (stops and removes it, then reports whether its class
 * loader could be garbage-collected).
 */
final class Extras {
    private static volatile Context leaky;
    private static volatile WeakReference<ClassLoader> loaderRef;

    private Extras() {
    }

    static void register(Tomcat tomcat, Context root) {
        Tomcat.addServlet(root, "deploy", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                // Built before it is added to the started host, so that its filter starts with it.
                org.apache.catalina.core.StandardContext ctx = new org.apache.catalina.core.StandardContext();
                ctx.setName("/leaky");
                ctx.setPath("/leaky");
                ctx.setDocBase(req.getParameter("docBase"));
                ctx.addLifecycleListener(new Tomcat.FixContextListener());
                Tomcat.addServlet(ctx, "hello", "leaky.HelloServlet").setAsyncSupported(true);
                ctx.addServletMappingDecoded("/hello/*", "hello");
                org.apache.tomcat.util.descriptor.web.FilterDef def = new org.apache.tomcat.util.descriptor.web.FilterDef();
                def.setFilterName("leakyFilter");
                def.setFilterClass("leaky.HelloFilter");
                def.setAsyncSupported("true");
                ctx.addFilterDef(def);
                org.apache.tomcat.util.descriptor.web.FilterMap map = new org.apache.tomcat.util.descriptor.web.FilterMap();
                map.setFilterName("leakyFilter");
                map.addURLPattern("/*");
                ctx.addFilterMap(map);
                tomcat.getHost().addChild(ctx);
                leaky = ctx;
                resp.getWriter().write("deployed " + ctx.getState());
            }
        });
        root.addServletMappingDecoded("/admin/deploy", "deploy");
        Tomcat.addServlet(root, "undeploy", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                Context ctx = leaky;
                leaky = null;
                loaderRef = new WeakReference<>(ctx.getLoader().getClassLoader());
                tomcat.getHost().removeChild(ctx); // stops and destroys it
                ctx = null;
                boolean collected = false;
                for (int i = 0; i < 50 && !collected; i++) {
                    System.gc();
                    byte[][] pressure = new byte[64][];
                    for (int j = 0; j < pressure.length; j++) {
                        pressure[j] = new byte[64 * 1024];
                    }
                    collected = loaderRef.get() == null;
                    if (!collected) {
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        }
                    }
                }
                resp.getWriter().write(collected ? "collected" : "leaked");
            }
        });
        root.addServletMappingDecoded("/admin/undeploy", "undeploy");
    }
}
