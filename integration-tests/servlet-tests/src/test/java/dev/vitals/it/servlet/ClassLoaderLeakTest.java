package dev.vitals.it.servlet;

import dev.vitals.it.Await;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A web application with its own class loader (its servlet and filter are instrumented, and it serves
 * sync and async requests) is deployed on Tomcat 10.1 with the agent attached, then undeployed: its class
 * loader must be garbage-collectable, so nothing of Vitals holds an application class or loader.
 */
class ClassLoaderLeakTest {
    @Test
    void undeployedWebAppClassLoaderIsCollected() throws Exception {
        Path docBase = Path.of(App.dir("vitals.work.dir").toString(), "leaky-docbase");
        Path classes = docBase.resolve("WEB-INF").resolve("classes");
        Files.createDirectories(classes);
        App.LEAK.compile(List.of("leaky-webapp"), App.LEAK.jars(), classes);

        try (ChildApp child = ChildApp.start(App.LEAK, "")) {
            assertTrue(child.app("/admin/deploy?docBase=" + docBase.toAbsolutePath()).body().startsWith("deployed"));
            for (int i = 0; i < 5; i++) {
                assertEquals("hello /x" + i, child.app("/leaky/hello/x" + i).body());
            }
            assertEquals("async hello", child.app("/leaky/hello/async").body());

            JsonNode requests = Await.until("the web app's 7 requests", Duration.ofSeconds(20),
                    () -> child.agentJson("/health/metrics/requests?window=120000"), r -> r.path("count").asInt() >= 7);
            assertEquals(7, requests.path("count").asInt(), "the web app's requests were recorded: " + requests);

            assertEquals("collected", child.app("/admin/undeploy").body(), child.output());
        }
    }
}
