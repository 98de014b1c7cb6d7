package dev.vitals.it.wildfly;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Http;
import dev.vitals.it.HttpResult;
import dev.vitals.it.Jars;
import example.wildfly.HelloServlet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WildFly distribution as a user runs it: {@code bin/standalone.sh}, a WAR copied to the deployments
 * directory, and nothing added but the {@code -javaagent} flag, in {@code JAVA_OPTS} of {@code standalone.conf}.
 * No {@code jboss.modules.system.pkgs} setting: the agent must make its bootstrap API visible to deployments
 * itself. One server start for the whole class: boot and deployment took 75 to 216 s on a 2-core machine
 * shared by several builds (load 18 to 44), hence the generous wait.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WildFlyDistributionTest {
    private static final String WAR = "shop.war";
    private static final String WINDOW = "?window=120000";

    private WildFlyServer server;
    private URI agent;
    private JsonNode dashboard;

    @BeforeAll
    void startAndDrive() throws Exception {
        Path home = WildFlyServer.home();
        Path base = AgentProcess.tempDir("wildfly-");
        Path war = buildWar(base.resolve(WAR));
        int agentPort = AgentProcess.freePort();
        String flag = "-javaagent:" + Jars.agent() + "=exporter.port=" + agentPort + ",data.dir="
                + base.resolve("vitals-data") + ",slow.threshold=150ms";
        long started = System.nanoTime();
        server = WildFlyServer.start(home, base, "JAVA_OPTS=\"$JAVA_OPTS " + flag + "\"", war);
        server.awaitDeployed(WAR, Duration.ofMinutes(6));
        System.out.println("[wildfly] started with " + WAR + " deployed in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
        agent = URI.create("http://127.0.0.1:" + agentPort);

        for (int i = 1; i <= 5; i++) {
            expect(200, "/shop/hello");
            expect(200, "/shop/items/" + i);
        }
        expect(500, "/shop/boom");
        expect(500, "/shop/boom");
        expect(200, "/shop/sleep?ms=300");
        expect(200, "/shop/sleep?ms=300");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        do {
            Thread.sleep(250);
            dashboard = Http.get(agent.resolve("/health/dashboard" + WINDOW)).json();
        } while (dashboard.path("requests").path("count").asLong() < 14 && System.nanoTime() < deadline);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void expect(int status, String path) {
        HttpResult r = Http.get(server.uri(path));
        assertEquals(status, r.status(), "GET " + path + ": " + r.body());
    }

    @Test
    void everyRouteOfTheDeployedWarIsRecordedWithItsCount() {
        assertEquals(14, dashboard.path("requests").path("count").asLong(), dashboard + server.describe());
        assertEquals(5, route("/shop/hello").path("count").asInt());
        assertEquals(5, route("/shop/items/{id}").path("count").asInt(), "ids folded into one template");
        assertEquals(2, route("/shop/sleep").path("count").asInt());
        assertEquals(2, route("/shop/boom").path("count").asInt());
        assertEquals(4, dashboard.path("routes").size(), dashboard.path("routes").toString());
    }

    @Test
    void anExceptionIsAServerErrorInPrometheus() {
        String metrics = Http.get(agent.resolve("/metrics")).body();
        assertTrue(metrics.contains("http_server_request_duration_seconds_count{http_request_method=\"GET\","
                + "http_route=\"/shop/boom\",http_response_status_code=\"500\",error_type=\"java.lang.IllegalStateException\"} 2"),
                metrics);
        assertTrue(metrics.contains("http_server_request_duration_seconds_count{http_request_method=\"GET\","
                + "http_route=\"/shop/hello\",http_response_status_code=\"200\",error_type=\"none\"} 5"), metrics);
    }

    @Test
    void slowRequestsAreListed() {
        JsonNode slow = Http.get(agent.resolve("/health/slow")).json();
        int sleeps = 0;
        for (JsonNode r : slow.path("requests")) {
            assertEquals("/shop/sleep", r.path("route").asText(), "only the 300 ms requests pass 150 ms: " + slow);
            assertEquals("/shop/sleep?ms=****", r.path("path").asText());
            assertTrue(r.path("duration").asDouble() >= 300, r.toString());
            sleeps++;
        }
        assertEquals(2, sleeps, slow.toString());
    }

    @Test
    void theAgentReportsNoFailure() {
        String console = server.console();
        assertFalse(console.contains("[vitals] ERROR"), server.describe());
        assertFalse(console.contains("recording failed"), server.describe());
    }

    /** The launcher's name says nothing on WildFly; the default is the one deployment's name. */
    @Test
    void theServiceIsNamedAfterTheDeployment() {
        Matcher m = Pattern.compile("\\[vitals] INFO Vitals .* listening on .* \\(service (.*)\\)").matcher(server.console());
        assertTrue(m.find(), server.describe());
        assertEquals("shop", m.group(1), server.describe());
    }

    private JsonNode route(String path) {
        for (JsonNode r : dashboard.path("routes")) {
            if (r.path("method").asText().equals("GET") && r.path("path").asText().equals(path)) {
                return r;
            }
        }
        throw new AssertionError("route GET " + path + " not on the dashboard: " + dashboard.path("routes") + server.describe());
    }

    /** The WAR: this module's servlets under {@code WEB-INF/classes}, found by annotation scanning. */
    private static Path buildWar(Path war) throws IOException, URISyntaxException {
        Path classes = Paths.get(HelloServlet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path pkg = classes.resolve(HelloServlet.class.getPackageName().replace('.', '/'));
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war));
             Stream<Path> files = Files.list(pkg)) {
            for (Path c : (Iterable<Path>) files::iterator) {
                zip.putNextEntry(new ZipEntry("WEB-INF/classes/" + classes.relativize(c).toString().replace('\\', '/')));
                Files.copy(c, (OutputStream) zip);
                zip.closeEntry();
            }
        }
        return war;
    }
}
