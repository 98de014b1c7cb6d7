package dev.vitals.bootstrap.lifecycle;

/**
 * Set by advice on the application's web server once it has started its connectors and accepts
 * requests (Tomcat {@code Connector.startInternal}, Jetty {@code Server.doStart}, Undertow
 * {@code Undertow.start}, Reactor Netty {@code ServerTransport.bindNow}); read by the readiness and startup probes.
 *
 * <p>Plain volatile fields: written rarely, read by probes; no locking, no allocation.
 */
public final class ServerLifecycle {
    private static volatile long startedAtMillis;
    private static volatile String serverName = "";

    private ServerLifecycle() {
    }

    /** Called from advice when a server finished starting. */
    public static void serverStarted(String name) {
        if (startedAtMillis == 0) {
            serverName = name;
            startedAtMillis = System.currentTimeMillis();
        }
    }

    public static boolean isStarted() {
        return startedAtMillis != 0;
    }

    public static long startedAtMillis() {
        return startedAtMillis;
    }

    public static String serverName() {
        return serverName;
    }
}
