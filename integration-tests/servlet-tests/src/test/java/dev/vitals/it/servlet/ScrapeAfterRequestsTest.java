package dev.vitals.it.servlet;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code /metrics} shows every request recorded before the scrape began: a scrape right after the requests, with no
 * wait for the next 5 s rotation, counts each of them, and the histogram's {@code +Inf} bucket agrees.
 */
class ScrapeAfterRequestsTest {
    private static final Pattern COUNT = Pattern.compile(
            "(?m)^http_server_request_duration_seconds_count\\{[^}]*http_route=\"/api/products/\\{id}\"[^}]*} (\\S+)$");
    private static final Pattern INF = Pattern.compile(
            "(?m)^http_server_request_duration_seconds_bucket\\{[^}]*http_route=\"/api/products/\\{id}\"[^}]*le=\"\\+Inf\"[^}]*} (\\S+)$");

    @Test
    void aScrapeRightAfterRequestsCountsEveryOne() throws Exception {
        try (ChildApp child = ChildApp.start(App.TOMCAT_9, "")) {
            int sent = 0;
            for (int batch : new int[] {1, 17, 40}) {
                for (int i = 0; i < batch; i++) {
                    assertEquals(200, child.app("/api/products/" + (sent + 1)).statusCode());
                    sent++;
                }
                String metrics = child.agent("/metrics").body();
                assertEquals(sent, sum(COUNT, metrics), "_count right after " + sent + " requests:\n" + metrics);
                assertEquals(sent, sum(INF, metrics), "+Inf bucket right after " + sent + " requests:\n" + metrics);
            }
        }
    }

    private static long sum(Pattern p, String metrics) {
        long sum = 0;
        Matcher m = p.matcher(metrics);
        while (m.find()) {
            sum += (long) Double.parseDouble(m.group(1));
        }
        return sum;
    }
}
