package dev.vitals.it.servlet;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On one core, a servlet application that uses no database, cache or outbound client while it starts does not pay for
 * wiring them then: those features, and the ones that record nothing during a start (health, history, stream,
 * alerts), are wired once the start is over, and their endpoints answer as before. On more cores they are wired at
 * premain, beside the start.
 */
class FeaturesWiredAfterStartTest {
    private static final List<String> WAITING = List.of("DatabaseFeature", "CacheFeature", "HealthFeature",
            "HistoryFeature", "StreamFeature", "AlertsFeature", "ServicesFeature");

    @Test
    void onOneCoreFeaturesNotUsedDuringTheStartAreWiredOnceItIsOver() throws Exception {
        try (ChildApp child = ChildApp.start(App.TOMCAT_10, "log.level=debug", List.of("-XX:ActiveProcessorCount=1"))) {
            String output = child.output();
            int startOver = output.indexOf("starting the listener and the background work");
            int listening = output.indexOf("listening on");
            assertTrue(startOver >= 0 && listening > startOver, output);
            for (String feature : WAITING) {
                int wired = output.indexOf(feature + " wired on vitals-init");
                assertTrue(wired > startOver && wired < listening,
                        feature + " was not wired between the start's end and the listener:\n" + output);
            }
            assertEquals(200, child.agent("/health/database").statusCode(), output);
            assertEquals(200, child.agent("/health/cache").statusCode(), output);
            assertEquals(200, child.agent("/health/circuit-breakers").statusCode(), output);
            assertEquals(200, child.agent("/health").statusCode(), output);
        }
    }

    @Test
    void onTwoCoresEveryFeatureIsWiredAtPremain() throws Exception {
        try (ChildApp child = ChildApp.start(App.TOMCAT_10, "log.level=debug", List.of("-XX:ActiveProcessorCount=2"))) {
            String output = child.output();
            for (String feature : WAITING) {
                assertTrue(!output.contains(feature + " wired on"), feature + " waited:\n" + output);
            }
            assertEquals(200, child.agent("/health/database").statusCode(), output);
        }
    }
}
