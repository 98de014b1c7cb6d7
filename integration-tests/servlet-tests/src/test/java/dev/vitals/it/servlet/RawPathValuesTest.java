package dev.vitals.it.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.Await;
import dev.vitals.it.RawValueScan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 10,000 paths whose segment is a random lower-case word or a user name, under the servlet path-mapped to
 * {@code /flood/*}, plus values of other shapes ({@code alice:pw-VALUE77}, {@code REDISKEYsecret}) and 404s
 * outside every mapping, against the real agent in Tomcat 10.1 (route from Tomcat's mapping data) and Jetty 11
 * (from the servlet API's path info). Every request is kept as a slow request ({@code slow.threshold=0}) and history
 * is written every 5 s. No segment appears in {@code /metrics}, {@code /health/slow}, {@code /health/dashboard},
 * the request endpoints, the stream's snapshot, or any file under {@code data.dir}.
 */
class RawPathValuesTest {
    static final int WORDS = 10_000;
    static final List<String> USER_NAMES = List.of("alicewonderland", "bob_marley", "zoe-whitfield", "JaneDoe",
            "Kowalczyk", "marcus.aurelius", "REDISKEYsecret", "alice:pw-VALUE77", "jdoe2024", "o.neil@example.com");

    @ParameterizedTest
    @EnumSource(value = App.class, names = {"TOMCAT_10", "JETTY_11"})
    void noPathSegmentReachesAnyOutput(App app) throws Exception {
        Path dataDir = Files.createTempDirectory("vitals-raw-paths");
        Random random = new Random(21);
        Set<String> values = new HashSet<>(USER_NAMES);
        while (values.size() < WORDS + USER_NAMES.size()) {
            values.add(word(random));
        }
        List<String> paths = new ArrayList<>();
        for (String v : values) {
            paths.add("/flood/" + v);
        }
        for (int i = 0; i < 200; i++) {
            paths.add("/no-such-servlet/" + word(random) + "/" + word(random)); // 404s: no route at all
        }
        for (String name : USER_NAMES) {
            paths.add("/flood/" + name + "/settings/" + name);
        }
        try (ChildApp child = ChildApp.start(app, "limits.routes=50,slow.threshold=0,"
                + "history.interval=5s,data.dir=" + dataDir)) {
            int answered = 0;
            for (int from = 0; from < paths.size(); from += 100) {
                List<CompletableFuture<HttpResponse<Void>>> inFlight = new ArrayList<>();
                for (String path : paths.subList(from, Math.min(paths.size(), from + 100))) {
                    inFlight.add(child.client().sendAsync(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + child.appPort() + path.replace("@", "%40")))
                            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding()));
                }
                for (CompletableFuture<HttpResponse<Void>> f : inFlight) {
                    f.get(60, TimeUnit.SECONDS);
                    answered++;
                }
            }
            assertEquals(paths.size(), answered);
            Await.until("every request on the dashboard", Duration.ofSeconds(30),
                    () -> child.agentJson("/health/dashboard?window=300000").path("requests").path("count").asInt(),
                    count -> count >= paths.size());
            Await.until("history on disk with the flood route", Duration.ofSeconds(60),
                    () -> RawValueScan.read(child.agentPort(), dataDir).files(),
                    files -> files.contains("/flood/{value}"));

            RawValueScan scan = RawValueScan.read(child.agentPort(), dataDir, "/metrics", "/health/slow?limit=100",
                    "/health/dashboard?window=300000", "/health/metrics/requests?window=300000",
                    "/health/metrics/errors?window=300000");
            assertTrue(scan.text("/metrics").contains("http_route=\"/flood/{value}\""), scan.text("/metrics"));
            JsonNode slow = ChildApp.JSON.readTree(scan.text("/health/slow?limit=100"));
            assertTrue(slow.toString().contains("\"/flood/{value}\""), slow.toString());
            assertTrue(scan.text("stream snapshot").contains("snapshot"), scan.text("stream snapshot"));
            scan.assertNoneOf(values);
        }
    }

    /** A random lower-case word of 9 to 14 letters: long enough never to occur in the agent's own texts by chance. */
    static String word(Random random) {
        StringBuilder sb = new StringBuilder();
        for (int i = 9 + random.nextInt(6); i > 0; i--) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }
}
