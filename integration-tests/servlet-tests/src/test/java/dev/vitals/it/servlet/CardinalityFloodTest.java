package dev.vitals.it.servlet;

import dev.vitals.it.Await;
import dev.vitals.it.Promtool;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 20,000 distinct random URLs (a random word under the servlet path-mapped to {@code /flood/*}) against Tomcat 10.1
 * with {@code limits.routes=50}: they are all one route, {@code /flood/{value}}, so the route count, the Prometheus
 * series count and the dashboard stay bounded, and every request is counted. (The route table's own test floods
 * it with a million paths in-process, past its cap; {@code RawPathValuesTest} checks that no word is shown.)
 */
class CardinalityFloodTest {
    static final int REQUESTS = 20_000;
    static final int LIMIT = 50;
    static final Pattern ROUTE_LABEL = Pattern.compile("http_route=\"([^\"]*)\"");

    @Test
    void distinctUrlsLeaveRoutesAndSeriesBounded() throws Exception {
        try (ChildApp child = ChildApp.start(App.TOMCAT_10, "limits.routes=" + LIMIT)) {
            Random random = new Random(7);
            int ok = 0;
            for (int batch = 0; batch < REQUESTS / 100; batch++) {
                List<CompletableFuture<HttpResponse<Void>>> inFlight = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    StringBuilder segment = new StringBuilder();
                    for (int c = 0; c < 12; c++) {
                        segment.append((char) ('a' + random.nextInt(26)));
                    }
                    HttpRequest request = HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + child.appPort() + "/flood/" + segment))
                            .timeout(Duration.ofSeconds(30)).build();
                    inFlight.add(child.client().sendAsync(request, HttpResponse.BodyHandlers.discarding()));
                }
                for (CompletableFuture<HttpResponse<Void>> f : inFlight) {
                    if (f.get(60, TimeUnit.SECONDS).statusCode() == 200) {
                        ok++;
                    }
                }
            }
            assertEquals(REQUESTS, ok);

            JsonNode dashboard = Await.until("every request on the dashboard", Duration.ofSeconds(20),
                    () -> child.agentJson("/health/dashboard?window=300000"),
                    d -> d.path("requests").path("count").asInt() >= REQUESTS);
            assertEquals(REQUESTS, dashboard.path("requests").path("count").asInt());
            JsonNode routes = dashboard.path("routes");
            assertTrue(routes.size() <= LIMIT + 1, routes.size() + " routes");
            long flood = 0;
            for (JsonNode r : routes) {
                if (r.path("path").asText().equals("/flood/{value}")) {
                    flood = r.path("count").asLong();
                }
            }
            assertEquals(REQUESTS, flood, "every word under the path mapping is one route: " + routes);

            String metrics = child.agent("/metrics").body();
            Set<String> routeLabels = new HashSet<>();
            int series = 0;
            for (String line : metrics.split("\n")) {
                if (line.startsWith("http_server_request_duration_seconds_count{")) {
                    series++;
                    Matcher m = ROUTE_LABEL.matcher(line);
                    if (m.find()) {
                        routeLabels.add(m.group(1));
                    }
                }
            }
            assertTrue(routeLabels.size() <= LIMIT + 1, routeLabels.size() + " route labels");
            assertTrue(series <= LIMIT + 1, series + " series");
            assertTrue(metrics.length() < 1_000_000, metrics.length() + " bytes of /metrics");
            Promtool.assertPasses(metrics, "http_server_");
        }
    }
}
