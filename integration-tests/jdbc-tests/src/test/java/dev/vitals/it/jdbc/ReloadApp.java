package dev.vitals.it.jdbc;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Deploys and undeploys {@code dev.vitals.it.jdbc.webapp.ReloadableWebapp} {@code n} times, each time through a new
 * {@link URLClassLoader} (parent: the platform loader, so the pool, driver and webapp classes are that loader's own),
 * like a servlet container's hot redeploy; each deployment lives {@code <millis>} ms. Then it drops every loader and
 * runs the collector until every loader is collected (at most 90 s). Uses no Vitals API. Arguments:
 * {@code <jdbc url> <n> <millis>}. Prints {@code reload <i>}, then {@code collected <k> of <n> loaders}, and stays up.
 */
public final class ReloadApp {
    private ReloadApp() {
    }

    public static void main(String[] args) throws Exception {
        // A server loads its connector before it deploys anything, and the agent holds that class until its
        // transformer is in place: so the web applications below load instrumented, as under a real Tomcat. (Pools
        // whose classes load before that are seen only through their inner data source or connections.)
        Class.forName("org.apache.catalina.connector.Connector");
        String url = args[0];
        int n = Integer.parseInt(args[1]);
        long millis = Long.parseLong(args[2]);
        URL[] classPath = {
            location(ReloadApp.class), // test classes: the webapp class
            location(com.zaxxer.hikari.HikariDataSource.class), location(org.slf4j.LoggerFactory.class),
            location(org.apache.commons.dbcp2.BasicDataSource.class),
            location(org.apache.commons.pool2.impl.GenericObjectPool.class),
            location(org.apache.commons.logging.LogFactory.class),
            location(org.apache.tomcat.jdbc.pool.DataSource.class), location(org.apache.juli.logging.LogFactory.class),
            location(org.postgresql.Driver.class),
        };
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            loaders.add(new WeakReference<>(cycle(classPath, url, millis)));
            System.out.println("reload " + i);
        }
        int collected = 0;
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline) {
            System.gc();
            collected = 0;
            for (WeakReference<ClassLoader> r : loaders) {
                if (r.get() == null) {
                    collected++;
                }
            }
            if (collected == n) {
                break;
            }
            Thread.sleep(500);
        }
        System.out.println("collected " + collected + " of " + n + " loaders");
        Thread.sleep(Long.MAX_VALUE);
    }

    /** One deployment: a new loader, the webapp's pools in use for {@code millis}, then closed. Returns the loader. */
    @SuppressWarnings("unchecked")
    private static ClassLoader cycle(URL[] classPath, String url, long millis) throws Exception {
        URLClassLoader loader = new URLClassLoader("webapp", classPath, ClassLoader.getPlatformClassLoader());
        Function<String, AutoCloseable> webapp = (Function<String, AutoCloseable>)
                loader.loadClass("dev.vitals.it.jdbc.webapp.ReloadableWebapp").getConstructor().newInstance();
        AutoCloseable deployed = webapp.apply(url);
        Thread.sleep(millis);
        deployed.close();
        loader.close();
        return loader;
    }

    private static URL location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toUri().toURL();
    }
}
