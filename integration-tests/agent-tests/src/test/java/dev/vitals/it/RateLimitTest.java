package dev.vitals.it;

import example.SleeperApp;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-client rate limit of the listener, in a child JVM with the real agent: a client past its burst gets
 * a JSON 429 with {@code Retry-After}, probes are never limited, and loopback is exempt unless configured
 * otherwise. Requests come from loopback and from this machine's own non-loopback address.
 */
class RateLimitTest {
    private static final String[] PROBES = {"/health/live", "/health/ready", "/health/started", "/health/ping"};
    private static final int BURST = 5;
    private static final int REQUESTS = 40;

    @Test
    void aNetworkClientPastItsBurstGets429WhileProbesAndLoopbackAreNeverLimited() {
        String networkHost = Services.nonLoopbackAddress().getHostAddress();
        // 0.2 a second: at most one more token arrives while the test sends its requests.
        try (AgentProcess agent = AgentProcess.main(SleeperApp.class).name("rate-limit")
                .agentArg("health.ready.server", "false") // no web server here: readiness answers 200
                .agentArg("exporter.rate.limit", "0.2").agentArg("exporter.rate.burst", String.valueOf(BURST))
                .agentArg("exporter.rate.limit.loopback", "maybe").start()) {
            URI network = URI.create("http://" + networkHost + ":" + agent.agentPort() + "/");
            List<HttpResult> limited = new ArrayList<>();
            int answered = 0;
            for (int i = 0; i < REQUESTS; i++) {
                HttpResult r = Http.get(network.resolve("metrics"));
                if (r.status() == 429) {
                    limited.add(r);
                } else {
                    assertEquals(200, r.status(), r.toString());
                    answered++;
                }
            }
            assertTrue(answered >= BURST && answered <= BURST + 2, answered + " of " + REQUESTS + " answered");
            HttpResult refused = limited.get(0);
            assertEquals("application/json", refused.contentType(), refused.toString());
            assertEquals("too_many_requests", refused.json().path("error").asText(), refused.toString());
            int retryAfter = Integer.parseInt(refused.header("Retry-After"));
            assertTrue(retryAfter >= 1 && retryAfter <= 5, "Retry-After in whole seconds: " + refused);

            // The same client, still over its limit, gets every probe.
            for (int i = 0; i < REQUESTS; i++) {
                String probe = PROBES[i % PROBES.length];
                HttpResult r = Http.get(network.resolve(probe.substring(1)));
                assertEquals(200, r.status(), probe + " is never rate-limited: " + r);
            }
            assertEquals(429, Http.get(network.resolve("health")).status(), "still limited");

            // A bad exporter.rate.limit.loopback falls back to its default, false: loopback is exempt.
            for (int i = 0; i < REQUESTS; i++) {
                HttpResult r = agent.get("/metrics");
                assertEquals(200, r.status(), "loopback is not limited by default: " + r);
            }
            assertTrue(Pattern.compile("(?m)^\\[vitals] WARN .*exporter\\.rate\\.limit\\.loopback: bad value 'maybe'.*"
                    + "using default false").matcher(agent.stderr()).find(), agent.describe());
            assertTrue(Pattern.compile("(?m)^\\[vitals] WARN .*client " + Pattern.quote(networkHost)
                    + " is over the rate limit").matcher(agent.stderr()).find(), agent.describe());
        }
    }

    @Test
    void loopbackIsLimitedWhenConfiguredAndTheAgentLogsBadClientsAtMostTenTimesAMinute() {
        try (AgentProcess agent = AgentProcess.main(SleeperApp.class).name("rate-limit-loopback")
                .agentArg("health.ready.server", "false").agentArg("exporter.rate.limit", "0.2").agentArg("exporter.rate.burst", String.valueOf(BURST))
                .agentArg("exporter.rate.limit.loopback", "true").start()) {
            int refused = 0;
            for (int i = 0; i < REQUESTS; i++) {
                int status = agent.get("/health/status", Map.of()).status();
                refused += status == 429 ? 1 : 0;
                assertEquals(200, agent.get(PROBES[i % PROBES.length]).status(), "probes are never limited");
            }
            assertTrue(refused >= REQUESTS - BURST - 2, refused + " of " + REQUESTS + " refused");
            long lines = agent.stderr().lines().filter(l -> l.contains("is over the rate limit")).count();
            assertTrue(lines >= 1 && lines <= 10, lines + " log lines about " + refused + " refusals" + agent.describe());
        }
    }
}
