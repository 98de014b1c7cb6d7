package dev.vitals.it;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * What a test needs from the machine: a running service, a tool or a JDK. When it is missing the test is
 * skipped with the reason, except under {@code CI=true}, where it fails: CI must not turn green by skipping.
 */
public final class Services {
    private Services() {
    }

    public static void requirePostgres() {
        requirePort("PostgreSQL", 5432);
    }

    public static void requireRedis() {
        requirePort("Redis", 6379);
    }

    public static void requireMariaDb() {
        requirePort("MariaDB", 3306);
    }

    /** Requires something listening on {@code 127.0.0.1:port}. */
    public static void requirePort(String service, int port) {
        if (!reachable(port)) {
            missing(service + " is not reachable on 127.0.0.1:" + port);
        }
    }

    /** Whether a TCP connection to {@code 127.0.0.1:port} succeeds within 500 ms. */
    public static boolean reachable(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Returns the executable {@code name} found on the {@code PATH}, or skips/fails the test. */
    public static Path requireExecutable(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Paths.get(dir, name);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        missing(name + " is not on the PATH (" + path + ")");
        throw new AssertionError("unreachable");
    }

    /** Returns {@code javaHome/bin/java}, or skips/fails the test when that JDK is not installed. */
    public static Path requireJava(Path javaHome) {
        Path java = javaHome.resolve("bin").resolve("java");
        if (!Files.isExecutable(java)) {
            missing("no JDK at " + javaHome + " (" + java + " is missing)");
        }
        return java;
    }

    /**
     * An IPv4 address of this machine's own that is not loopback (an interface that is up), so that a request
     * to it reaches a listener on {@code 0.0.0.0} as a non-loopback client; skips/fails when there is none.
     */
    public static InetAddress nonLoopbackAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        return a;
                    }
                }
            }
        } catch (IOException e) {
            missing("cannot list the network interfaces: " + e);
        }
        missing("this machine has no non-loopback IPv4 address to test access from");
        throw new AssertionError("unreachable");
    }

    /** Skips the test with {@code reason}, or fails it under {@code CI=true}. */
    public static void missing(String reason) {
        if (ci()) {
            Assertions.fail(reason + " (CI=true, so this fails instead of being skipped)");
        }
        Assumptions.abort(reason);
    }

    public static boolean ci() {
        return "true".equals(System.getenv("CI"));
    }
}
