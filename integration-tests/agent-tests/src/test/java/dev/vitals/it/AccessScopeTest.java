package dev.vitals.it;

import com.fasterxml.jackson.databind.JsonNode;
import example.SleeperApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every route of the listener, in both protection scopes, with and without a configured token, asked from
 * loopback and from this machine's own non-loopback address, with no token, the wrong token and the right one.
 * A child JVM with the real agent; the listener binds 0.0.0.0.
 */
class AccessScopeTest {
    private static final String TOKEN = "scope-t0ken-4711";

    /** Who may call a route, as the README's security section documents it. */
    enum Kind {
        /** Probes: everyone, always. */
        PROBE,
        /** The dashboard's static files: everyone, always. */
        OPEN,
        /** Everyone under auth.scope=sensitive; the token (or loopback without one) under auth.scope=all. */
        PUBLIC,
        /** The token, or loopback when none is configured, under both scopes. */
        PROTECTED
    }

    record Route(String method, String path, String body, Kind kind) {
    }

    /** Every route the agent serves. Writes carry bodies that fail validation, so a passed check changes nothing. */
    static final List<Route> ROUTES = List.of(
            new Route("GET", "/health/live", null, Kind.PROBE),
            new Route("GET", "/health/ready", null, Kind.PROBE),
            new Route("GET", "/health/started", null, Kind.PROBE),
            new Route("GET", "/health/ping", null, Kind.PROBE),
            new Route("GET", "/", null, Kind.OPEN),
            new Route("GET", "/ui/dashboard.js", null, Kind.OPEN),
            new Route("GET", "/metrics", null, Kind.PUBLIC),
            new Route("GET", "/health", null, Kind.PUBLIC),
            new Route("GET", "/health/", null, Kind.PUBLIC),
            new Route("GET", "/health/status", null, Kind.PUBLIC),
            new Route("GET", "/health/budget", null, Kind.PUBLIC),
            new Route("GET", "/health/detailed", null, Kind.PROTECTED),
            new Route("GET", "/health/system", null, Kind.PROTECTED),
            new Route("GET", "/health/config", null, Kind.PROTECTED),
            new Route("GET", "/health/dashboard", null, Kind.PROTECTED),
            new Route("GET", "/health/metrics/requests", null, Kind.PROTECTED),
            new Route("GET", "/health/metrics/errors", null, Kind.PROTECTED),
            new Route("GET", "/health/slow", null, Kind.PROTECTED),
            new Route("GET", "/health/tenants", null, Kind.PROTECTED),
            new Route("GET", "/health/database", null, Kind.PROTECTED),
            new Route("GET", "/health/cache", null, Kind.PROTECTED),
            new Route("GET", "/health/circuit-breakers", null, Kind.PROTECTED),
            new Route("GET", "/reports/performance", null, Kind.PROTECTED),
            new Route("GET", "/health/alerts", null, Kind.PROTECTED),
            new Route("GET", "/alerts/rules", null, Kind.PROTECTED),
            new Route("POST", "/alerts/rules", "{}", Kind.PROTECTED),
            new Route("GET", "/alerts/rules/default-high-response-time", null, Kind.PROTECTED),
            new Route("PUT", "/alerts/rules/no-such-rule", "{}", Kind.PROTECTED),
            new Route("DELETE", "/alerts/rules/no-such-rule", null, Kind.PROTECTED),
            new Route("GET", "/alerts/active", null, Kind.PROTECTED),
            new Route("GET", "/alerts/history", null, Kind.PROTECTED),
            new Route("POST", "/alerts/no-such-alert/acknowledge", "", Kind.PROTECTED),
            new Route("POST", "/alerts/no-such-alert/resolve", "", Kind.PROTECTED),
            new Route("POST", "/metrics/custom", "{}", Kind.PROTECTED),
            new Route("GET", "/metrics/realtime", null, Kind.PROTECTED),
            // The stream: a plain GET that passes the access check gets 426 (upgrade required).
            new Route("GET", "/metrics/stream", null, Kind.PROTECTED));

    @ParameterizedTest(name = "auth.scope={0}, token configured={1}")
    @CsvSource({"sensitive,true", "sensitive,false", "all,true", "all,false"})
    void everyRouteAnswersExactlyTheClientsItsScopeAllows(String scope, boolean tokenSet) {
        String networkHost = Services.nonLoopbackAddress().getHostAddress();
        AgentProcess.Builder builder = AgentProcess.main(SleeperApp.class).name("scope-" + scope + "-" + tokenSet)
                .agentArg("auth.scope", scope)
                // About 120 requests from the network in a few seconds: more than the default rate limit allows.
                .agentArg("exporter.rate.limit", "0");
        if (tokenSet) {
            builder.agentArg("auth.token", TOKEN);
        }
        List<String> wrong = new ArrayList<>();
        try (AgentProcess agent = builder.start()) {
            URI loopback = URI.create("http://127.0.0.1:" + agent.agentPort() + "/");
            URI network = URI.create("http://" + networkHost + ":" + agent.agentPort() + "/");
            for (URI base : List.of(loopback, network)) {
                boolean isLoopback = base == loopback;
                for (String presented : tokenSet ? List.of("", "wrong-" + TOKEN, TOKEN) : List.of("")) {
                    for (Route route : ROUTES) {
                        HttpResult r = call(base, route, presented);
                        boolean allowed = allowed(route.kind, scope, tokenSet, isLoopback, TOKEN.equals(presented));
                        String what = route.method + " " + route.path + " from " + (isLoopback ? "loopback" : "network")
                                + (presented.isEmpty() ? " without a token" : TOKEN.equals(presented) ? " with the token"
                                : " with a wrong token") + ": " + r;
                        assertFalse(r.body().contains(TOKEN), "the token is never echoed: " + what);
                        if (allowed == refused(r)) {
                            wrong.add((allowed ? "refused but should answer: " : "answered but should refuse: ") + what);
                        } else if (!allowed) {
                            assertEquals(tokenSet ? 401 : 403, r.status(), what);
                            assertEquals("application/json", r.contentType(), what);
                            assertFalse(r.json().path("error").asText().isEmpty(), what);
                        }
                    }
                    boolean trusted = tokenSet ? TOKEN.equals(presented) : isLoopback;
                    assertHealthDetails(base, presented, "sensitive".equals(scope) || trusted, trusted);
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    /** The expected rule; see the README's security section. */
    static boolean allowed(Kind kind, String scope, boolean tokenSet, boolean loopback, boolean rightToken) {
        boolean trusted = tokenSet ? rightToken : loopback;
        switch (kind) {
            case PROBE:
            case OPEN:
                return true;
            case PUBLIC:
                return "sensitive".equals(scope) || trusted;
            default:
                return trusted;
        }
    }

    /**
     * Public health answers leave out the checks (their names, messages and details name hosts and pools) unless
     * the client is trusted; readiness then gives no check names either.
     */
    private static void assertHealthDetails(URI base, String presented, boolean answered, boolean trusted) {
        if (!answered) {
            return;
        }
        Route health = new Route("GET", "/health", null, Kind.PUBLIC);
        JsonNode body = call(base, health, presented).json();
        assertEquals(trusted, body.has("checks"), "/health shows its checks only to a trusted client: " + body);
        assertTrue(body.path("summary").has("total"), body.toString());
        JsonNode status = call(base, new Route("GET", "/health/status", null, Kind.PUBLIC), presented).json();
        assertEquals(trusted, status.has("checks"), "/health/status too: " + status);
    }

    private static boolean refused(HttpResult r) {
        return r.status() == 401 || r.status() == 403;
    }

    private static HttpResult call(URI base, Route route, String presented) {
        Map<String, String> headers = new java.util.HashMap<>();
        if (route.body != null) {
            headers.put("Content-Type", "application/json");
        }
        if (!presented.isEmpty()) {
            headers.put("Authorization", "Bearer " + presented);
        }
        HttpResult r = Http.send(route.method, base.resolve(route.path.substring(1)), route.body, headers);
        // A typo in the table must not pass as "answered".
        assertFalse(r.status() == 404 && r.body().contains("no endpoint at"), route.path + " is not a route: " + r);
        assertFalse(r.status() == 405, route.method + " " + route.path + " is not a route: " + r);
        return r;
    }
}
