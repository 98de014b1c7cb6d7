package dev.vitals.agent.services;

import dev.vitals.agent.metrics.MetricRegistry;
import dev.vitals.bootstrap.RequestScope;
import dev.vitals.agent.metrics.Timer;
import dev.vitals.agent.metrics.TimerFamily;
import dev.vitals.agent.metrics.WindowConfig;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class OutboundRecorderTest {
    private final MetricRegistry registry = new MetricRegistry(WindowConfig.DEFAULT);
    private final TimerFamily http = registry.timerFamily(Services.HTTP_DURATION, 1000,
            "server_address", "peer_service", "http_request_method", "http_response_status_code", "error_type");
    private final TimerFamily mail = registry.timerFamily(Services.MAIL_DURATION, 100, "server_address", "peer_service", "error_type");
    private final Map<String, ServiceState> states = new ConcurrentHashMap<>();
    private final ServiceTable table = new ServiceTable(ServiceTable.parseHosts("127.0.0.1:8089=stripe", new ArrayList<>()), 50,
            name -> states.computeIfAbsent(name, n -> new ServiceState(n, true, 5, 60_000, 10_000,
                    System::currentTimeMillis, new Timer(), new Timer())));
    private final OutboundRecorder recorder = new OutboundRecorder(null, table, http, mail, new ErrorTypes(50));

    @Test
    void outboundTimeAddsToTheRequestBreakdown() {
        RequestScope scope = RequestScope.current();
        scope.begin();
        long start = System.nanoTime() - 5_000_000;
        recorder.httpEnd("POST", "127.0.0.1", 8089, 200, null, start);
        recorder.httpEnd("GET", "127.0.0.1", 8089, 0, new ConnectException("Connection refused"), start);
        scope.end();
        assertEquals(2, scope.httpClientCount());
        assertTrue(scope.httpClientNanos() >= 10_000_000, scope.httpClientNanos() + " ns");
        assertEquals(2, states.get("stripe").totalCalls());
        assertEquals(1, states.get("stripe").totalFailures());
        assertEquals(1, http.size() - 1, "two series");
    }

    @Test
    void knownHostsAllocateNothing() {
        String[] hosts = {"api.stripe.com", "127.0.0.1", "api-m.paypal.com", "example.org"};
        int[] statuses = {200, 201, 404, 503};
        double perCall = bytesPerCall(i -> recorder.httpEnd((i & 1) == 0 ? "GET" : "POST", hosts[i & 3], (i & 3) == 1 ? 8089 : 443,
                statuses[(i >> 2) & 3], null, System.nanoTime()));
        assertTrue(perCall < 1.0, perCall + " bytes allocated per call");
    }

    @Test
    void callsEndedByAKnownExceptionClassAllocateNothing() {
        Throwable[] errors = {new java.io.IOException("wrapped", new java.net.SocketException("Connection reset")),
                new java.io.EOFException("EOF reached"), new ConnectException("Connection refused"),
                new java.net.ProtocolException("Invalid status line")};
        double perCall = bytesPerCall(i -> recorder.httpEnd("GET", "127.0.0.1", 8089, 0, errors[i & 3], System.nanoTime()));
        assertTrue(perCall < 1.0, perCall + " bytes allocated per call");
        Timer reset = http.get("127.0.0.1", "stripe", "GET", "0", "java.net.SocketException");
        reset.rotate(System.currentTimeMillis());
        assertEquals(3 * CALLS / 4, reset.lifetimeCount(), "a reset beneath the client's wrapper is labelled with its own class");
    }

    private static final int CALLS = 100_000;

    /** Bytes this thread allocates per call, in the last of three rounds of {@value #CALLS} calls (the first warm up). */
    private static double bytesPerCall(java.util.function.IntConsumer call) {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM has no per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "per-thread allocation counting is not supported");
        threads.setThreadAllocatedMemoryEnabled(true);
        long thread = Thread.currentThread().getId();
        double perCall = Double.MAX_VALUE;
        RequestScope.current().begin();
        for (int round = 0; round < 3; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < CALLS; i++) {
                call.accept(i);
            }
            perCall = (threads.getThreadAllocatedBytes(thread) - before) / (double) CALLS;
        }
        RequestScope.current().end();
        return perCall;
    }
}
