package dev.vitals.exporter;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import javax.management.ObjectName;

/**
 * Run in a child JVM by {@link LoggingIsolationTest}: starts an exporter, serves one request over a raw socket
 * (java.net.http would touch System.Logger itself), and reports whether java.util.logging was initialised and
 * which XNIO MBeans exist.
 */
public final class JulProbe {
    private JulProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (HttpExporter server = HttpExporter.builder().host("127.0.0.1").port(0).threadNamePrefix("probe")
                .route("GET", "/ping", Access.PUBLIC, r -> Response.text(200, "text/plain", "pong"))
                .start()) {
            String answer = TestHttp.raw(InetAddress.getLoopbackAddress(), server.port(),
                    "GET /ping HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            System.out.println(answer.endsWith("pong") ? "SERVED" : "NOT-SERVED " + answer);
            // Read through a system property: referencing TrapLogManager would itself initialise LogManager.
            String trap = System.getProperty("vitals.test.jul.initialisedBy");
            System.out.println(trap == null ? "JUL-UNTOUCHED" : "JUL-INITIALISED " + trap);
            // Only now, after the check: querying the platform MBean server initialises JUL itself.
            int mbeans = ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("org.xnio:*"), null).size();
            System.out.println("XNIO-MBEANS " + mbeans);
        }
    }
}
