package dev.vitals.it.http;

import dev.vitals.it.AgentProcess;
import dev.vitals.it.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client advice allocates nothing per call: the calling thread allocates as many bytes per call with the
 * httpclient instrumentation on as with it off (same agent, same everything else). The child JVMs run with
 * {@code -Xint}, so that no JIT decision (inlining, escape analysis) differs between the two runs and the bytes
 * per call of these blocking clients are the same from run to run; with the JIT they move by a few hundred bytes.
 * The advised run must have recorded every measured call, or the comparison would prove nothing.
 */
class AdviceAllocationTest {
    private static final int CALLS = 100;
    private static final Pattern ALLOC = Pattern.compile("ALLOC bytes=(\\d+)");
    private static final String COUNT = "http_client_request_duration_seconds_count";
    private static TestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestServer.http();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"urlconnection", "apache4", "apache5", "okhttp"})
    void adviceAddsNoBytesPerCall(String client) {
        long off = bytes(client, false);
        long on = bytes(client, true);
        System.out.println(client + ": " + on + " bytes with the advice, " + off + " without, for " + CALLS + " calls");
        // One object of 16 bytes per call would be 1600 bytes; allow one-off lazy initialisations below that.
        assertTrue(on - off < 1024, client + ": " + on + " bytes with the advice, " + off + " without, for " + CALLS + " calls");
    }

    private static long bytes(String client, boolean advised) {
        AgentProcess.Builder b = AgentProcess.main(AllocApp.class).jvmOptions("-Xint")
                .args(client, server.base() + "/status/200", Integer.toString(CALLS), advised ? "advised" : "plain");
        if (!advised) {
            b.agentArg("instrumentation.httpclient.enabled", "false");
        }
        try (AgentProcess child = b.start()) {
            long bytes = Long.parseLong(child.awaitOutput(ALLOC, Duration.ofSeconds(120)).group(1));
            if (advised) {
                // Advice that came into effect during the warm-up still covers every measured call.
                Metrics m = awaitCount(child, CALLS);
                assertTrue(m.sum(COUNT) >= CALLS, "the advice missed measured calls:\n" + m.text);
            } else {
                assertEquals(0, new Metrics(child.get("/metrics").body()).sum(COUNT), "instrumentation off, yet calls recorded");
            }
            return bytes;
        }
    }

    /** Polls {@code /metrics} (histograms show data as of the last rotation, every 5 s). */
    private static Metrics awaitCount(AgentProcess child, int count) {
        return Await.until(count + " calls in /metrics", Await.TIMEOUT, () -> new Metrics(child.get("/metrics").body()),
                m -> m.sum(COUNT) >= count);
    }
}
