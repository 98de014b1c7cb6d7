package dev.vitals.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    private static HttpExporter.Builder pingServer(String prefix) {
        return HttpExporter.builder().host("127.0.0.1").port(0).threadNamePrefix(prefix)
                .route("GET", "/ping", Access.PUBLIC, r -> Response.text(200, "text/plain", "pong"));
    }

    @Test
    void portZeroResolvesToTheBoundPort() throws Exception {
        try (HttpExporter server = pingServer("vitals-port-test").start()) {
            assertTrue(server.port() > 0);
            assertEquals("127.0.0.1", server.host());
            assertEquals("pong", TestHttp.get(server, "/ping").body());
        }
    }

    @Test
    void takenPortGivesBindException() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            BindException e = assertThrows(BindException.class,
                    () -> pingServer("vitals-bind-test").port(taken.getLocalPort()).start());
            assertTrue(e.getMessage().contains(String.valueOf(taken.getLocalPort())), e.getMessage());
        }
        // Nothing of the failed start may linger.
        assertTrue(awaitNoThreads("vitals-bind-test"), "threads left after a failed start: " + threadsNamed("vitals-bind-test"));
    }

    @Test
    void everyThreadIsADaemonNamedWithThePrefix() throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        String prefix = "vitals-thread-test";
        try (HttpExporter server = pingServer(prefix).ioThreads(2).workerThreads(3).start()) {
            Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
            started.removeAll(before);
            assertFalse(started.isEmpty(), "start() created no thread?");
            // Any thread that appeared during start() is ours: it must carry the prefix and be a daemon.
            for (Thread thread : started) {
                assertTrue(thread.getName().startsWith(prefix), "unexpected thread " + thread.getName());
                assertTrue(thread.isDaemon(), thread.getName() + " is not a daemon");
            }
            for (int i = 0; i < 6; i++) {
                assertEquals("pong", TestHttp.get(server, "/ping").body());
            }
            List<Thread> ours = threadsNamed(prefix);
            for (Thread thread : ours) {
                assertTrue(thread.isDaemon(), thread.getName() + " is not a daemon");
            }
            List<String> names = ours.stream().map(Thread::getName).sorted().collect(Collectors.toList());
            assertEquals(2, names.stream().filter(n -> n.startsWith(prefix + " I/O-")).count(), names.toString());
            assertTrue(names.contains(prefix + " Accept"), names.toString());
            long workers = names.stream().filter(n -> n.startsWith(prefix + "-worker-")).count();
            assertTrue(workers >= 1 && workers <= 3, names.toString());
        }
        assertTrue(awaitNoThreads(prefix), "threads left after close: " + threadsNamed(prefix));
    }

    @Test
    void threadsDoNotInheritTheCallersContextClassLoader() throws Exception {
        String prefix = "vitals-tccl-test";
        ClassLoader application = new URLClassLoader(new URL[0], null);
        AtomicReference<Object> result = new AtomicReference<>();
        // Start from a thread that looks like an application thread with its own context class loader.
        Thread caller = new Thread(() -> {
            try {
                result.set(pingServer(prefix).start());
            } catch (Exception | Error e) {
                result.set(e);
            }
        });
        caller.setContextClassLoader(application);
        caller.start();
        caller.join();
        assertTrue(result.get() instanceof HttpExporter, String.valueOf(result.get()));
        try (HttpExporter server = (HttpExporter) result.get()) {
            assertEquals("pong", TestHttp.get(server, "/ping").body());
            List<Thread> ours = threadsNamed(prefix);
            assertTrue(ours.size() >= 3, ours.toString());
            for (Thread thread : ours) {
                assertSame(HttpExporter.class.getClassLoader(), thread.getContextClassLoader(), thread.getName());
            }
        }
    }

    @Test
    void closeStopsTheListenerAndIsIdempotent() throws Exception {
        HttpExporter server = pingServer("vitals-close-test").start();
        int port = server.port();
        assertEquals("pong", TestHttp.get(server, "/ping").body());
        server.close();
        server.close();
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
        assertTrue(awaitNoThreads("vitals-close-test"), "threads left after close: " + threadsNamed("vitals-close-test"));
    }

    @Test
    void invalidConfigurationIsRefusedWithAClearMessage() {
        assertThrows(IllegalArgumentException.class, () -> HttpExporter.builder().port(70000));
        assertThrows(IllegalArgumentException.class, () -> HttpExporter.builder().ioThreads(0));
        assertThrows(IllegalArgumentException.class, () -> HttpExporter.builder().workerThreads(0));
        assertThrows(IllegalArgumentException.class, () -> HttpExporter.builder().maxBodyBytes(-1));
        assertThrows(IllegalArgumentException.class, () -> HttpExporter.builder().threadNamePrefix(""));
        assertThrows(IllegalArgumentException.class, () -> HttpExporter.builder()
                .route("GET", "no-slash", Access.PUBLIC, r -> null));
        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class, () -> pingServer("vitals-dup")
                .route("get", "/ping", Access.PUBLIC, r -> null).start());
        assertEquals("duplicate route GET /ping", duplicate.getMessage());
        IllegalArgumentException ambiguous = assertThrows(IllegalArgumentException.class, () -> pingServer("vitals-dup")
                .route("GET", "/rules/{id}", Access.PUBLIC, r -> null)
                .route("PUT", "/rules/{name}", Access.PUBLIC, r -> null).start());
        assertTrue(ambiguous.getMessage().startsWith("route template /rules/{name} is ambiguous"), ambiguous.getMessage());
        // Routes are checked before any thread starts.
        assertTrue(threadsNamed("vitals-dup").isEmpty(), threadsNamed("vitals-dup").toString());
    }

    private static List<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
                .collect(Collectors.toList());
    }

    /** Waits (bounded, not timed) for threads to finish; close() has already asked them to stop. */
    private static boolean awaitNoThreads(String prefix) throws InterruptedException {
        for (Thread thread : threadsNamed(prefix)) {
            thread.join(10_000);
        }
        return threadsNamed(prefix).isEmpty();
    }
}
