package dev.vitals.it.tomcat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vitals.it.HttpResult;
import dev.vitals.it.Services;
import dev.vitals.it.TomcatDistribution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Tomcat distribution as users run it: {@code catalina.sh run} with the agent in {@code CATALINA_OPTS}, the
 * test WAR at {@code /app} with its JNDI DataSource on PostgreSQL, and no ROOT application. One known burst of
 * traffic, then each test reads one aspect of what the agent recorded. Requests that no servlet handles (the
 * authenticator's 401s, 404s outside any context) must be recorded, and every request exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandaloneTomcatTest {
    private static final String WINDOW = "?window=300000";
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));

    /** Requests sent, by route and status. */
    private final Map<String, Map<Integer, Integer>> sent = new HashMap<>();
    private int total;
    private TomcatDistribution tomcat;
    private JsonNode dashboard;
    /** The JVM's class-loading log of the Tomcat process. */
    private Path classLoadLog;

    @BeforeAll
    void drive() throws Exception {
        Services.requirePostgres();
        classLoadLog = Files.createTempDirectory("vitals-tomcat-classes-").resolve("class-load.log");
        tomcat = TomcatDistribution.builder()
                .catalinaOpt("-Xlog:class+load=info:file=" + classLoadLog)
                .war("app", Paths.get(System.getProperty("vitals.test.war")))
                .libJar(Path.of(System.getProperty("vitals.postgres.driver")))
                .user("admin", "s3cret", "app-admin")
                .systemProperty("testwar.app.name", "vitals-tomcat-it-" + ProcessHandle.current().pid())
                .agentArg("slow.threshold", "150ms")
                .agentArg("log.level", "debug") // names each class woven
                .name("tomcat-standalone")
                .start();

        send("/app/health", "/app/health", 200);
        for (int i = 1; i <= 5; i++) {
            send("/app/items/" + i, "/app/items/{id}", 200);
        }
        send("/app/users/42", "/app/users/{id}", 200);
        send("/app/fail", "/app/fail", 500);
        send("/app/fail", "/app/fail", 500);
        send("/app/slow?ms=200", "/app/slow", 200);
        for (int i = 0; i < 2; i++) {
            // The first request compiles the JSP (Jasper and ecj), which takes long on a busy machine.
            HttpResult jsp = tomcat.get("/app/hello.jsp", Duration.ofSeconds(120));
            assertTrue(jsp.status() == 200 && jsp.body().contains("hello from JSP 42"), jsp.toString());
            count("/app/hello.jsp", 200);
        }
        // The first query loads the driver and the pool, slow on a busy machine.
        assertEquals(200, tomcat.get("/app/db", Duration.ofSeconds(120)).status());
        count("/app/db", 200);
        // Answered by the context's authenticator (a valve): no servlet runs.
        for (int i = 0; i < 3; i++) {
            send("/app/admin/panel", "/app/admin/panel", 401);
        }
        // Let through, it is the /admin/* servlet's: a path mapping, whose segments are placeholders. The authenticator's
        // refusals above never reach a servlet mapping, so their route comes from the path (words stay).
        assertEquals(200, sendWith("/app/admin/panel", "/app/admin/{value}", Map.of("Authorization", BASIC)).status());
        // Outside every context (there is no ROOT application): Tomcat's own 404, recorded without a route.
        for (int i = 0; i < 4; i++) {
            send("/no-such-context/" + i, "_other", 404);
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            dashboard = tomcat.agent().get("/health/dashboard" + WINDOW).json();
            if (dashboard.path("requests").path("count").asLong() >= total || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(250);
        }
    }

    @AfterAll
    void stop() {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    private HttpResult send(String path, String route, int status) {
        return sendWith(path, route, Map.of());
    }

    private HttpResult sendWith(String path, String route, Map<String, String> headers) {
        HttpResult r = tomcat.get(path, headers);
        count(route, r.status());
        return r;
    }

    private void count(String route, int status) {
        sent.computeIfAbsent(route, k -> new HashMap<>()).merge(status, 1, Integer::sum);
        total++;
    }

    private JsonNode route(String method, String path) {
        for (JsonNode r : dashboard.path("routes")) {
            if (r.path("method").asText().equals(method) && r.path("path").asText().equals(path)) {
                return r;
            }
        }
        throw new AssertionError("route " + method + " " + path + " not on the dashboard: " + dashboard.path("routes"));
    }

    @Test
    void everyRequestIsCountedExactlyOnce() {
        assertEquals(total, dashboard.path("requests").path("count").asLong(), "sent " + sent + "\n" + dashboard);
        long recorded = 0;
        for (Map.Entry<String, Map<Integer, Integer>> route : sent.entrySet()) {
            for (Map.Entry<Integer, Integer> status : route.getValue().entrySet()) {
                long count = metricCount(route.getKey(), status.getKey());
                assertEquals(status.getValue().longValue(), count, route.getKey() + " " + status.getKey());
                recorded += count;
            }
        }
        assertEquals(total, recorded);
    }

    @Test
    void routesAreNormalisedTemplates() {
        assertEquals(5, route("GET", "/app/items/{id}").path("count").asInt());
        assertEquals(1, route("GET", "/app/users/{id}").path("count").asInt());
        assertEquals(2, route("GET", "/app/hello.jsp").path("count").asInt(), "the JSP is a route of its own");
        assertEquals(100.0, route("GET", "/app/fail").path("errorRate").asDouble());
        for (JsonNode r : dashboard.path("routes")) {
            assertFalse(r.path("path").asText().matches(".*/\\d+(/.*)?"), "raw id in route " + r);
        }
    }

    @Test
    void authenticatorAnswersAndUnmappedRequestsAreRecorded() {
        assertEquals(3, metricCount("/app/admin/panel", 401));
        assertEquals(1, metricCount("/app/admin/{value}", 200));
        assertEquals(4, metricCount("_other", 404), "404s outside any context add no route");
        JsonNode breakdown = dashboard.path("errors").path("errorBreakdown");
        assertEquals(3, breakdown.path("401").asInt(), breakdown.toString());
        assertEquals(4, breakdown.path("404").asInt(), breakdown.toString());
        assertEquals(2, breakdown.path("500").asInt(), breakdown.toString());
    }

    /**
     * Tomcat's servlets, filters, adapter and valve, its naming context, the pool and the driver's statements are woven
     * as they load from their own class files: Byte Buddy's type pool and its descriptions of loaded classes, with
     * their initialisation (about 40 ms of CPU) and their compiles, stay off the start.
     */
    @Test
    void classesAreWovenFromTheirClassFilesWithoutByteBuddysTypePool() throws Exception {
        List<String> loaded = Files.readAllLines(classLoadLog);
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" org.apache.catalina.connector.CoyoteAdapter ")),
                "the log holds the start: " + loaded.size() + " lines");
        assertTrue(metricCount("/app/items/{id}", 200) == 5, "the servlet advice is woven and records");
        List<String> byteBuddy = loaded.stream()
                .filter(l -> l.contains(" dev.vitals.shaded.bytebuddy.pool.")
                        || l.contains(" dev.vitals.shaded.bytebuddy.description.type.TypeDescription$ForLoadedType "))
                .collect(Collectors.toList());
        assertTrue(byteBuddy.isEmpty(), "no type pool or description of a loaded class: " + byteBuddy);
        // Advice is read from its class file and inlined into the servlets; installing the modules loads none of it.
        List<String> advice = loaded.stream().filter(l -> ADVICE_CLASS.matcher(l).find()).collect(Collectors.toList());
        assertTrue(advice.isEmpty(), "advice classes loaded: " + advice);
    }

    /**
     * Tomcat runs every filter chain in its wrapper valve, which gets the servlet advice: no servlet or filter below
     * the valve's class loader is woven (the WAR's, Jasper's, Tomcat's own), and each request is still recorded once
     * (above), with the exception a servlet threw, which the valve catches, as its error type.
     */
    @Test
    void requestsAreRecordedInTheWrapperValveWithoutWeavingServletsOrFilters() {
        List<String> woven = tomcat.agent().stderr().lines()
                .filter(l -> l.contains("[vitals] ") && l.contains(" instrumented "))
                .map(l -> l.substring(l.indexOf(" instrumented ") + " instrumented ".length()).trim())
                .collect(Collectors.toList());
        assertTrue(woven.contains("org.apache.catalina.core.StandardWrapperValve"), "woven: " + woven);
        assertTrue(woven.contains("org.apache.catalina.connector.CoyoteAdapter"), "woven: " + woven);
        for (String servletOrFilter : List.of("jakarta.servlet.http.HttpServlet", "org.apache.jasper.servlet.JspServlet",
                "org.apache.catalina.servlets.DefaultServlet", "org.apache.tomcat.websocket.server.WsFilter")) {
            assertFalse(woven.contains(servletOrFilter), servletOrFilter + " woven: " + woven);
        }
        assertTrue(woven.stream().noneMatch(c -> c.startsWith("dev.vitals.testwar.")), "woven: " + woven);
        String metrics = tomcat.agent().get("/metrics").body();
        assertTrue(metrics.contains("http_route=\"/app/fail\",http_response_status_code=\"500\","
                + "error_type=\"jakarta.servlet.ServletException\"} 2"), metrics);
    }

    /** A class-loading log line of an advice class of an instrumentation module. */
    private static final Pattern ADVICE_CLASS =
            Pattern.compile(" dev\\.vitals\\.agent\\.instrumentation\\.[a-z0-9]+\\.[A-Za-z0-9$]*Advice(\\$[A-Za-z0-9]+)? ");

    @Test
    void theServiceIsNamedAfterTheOnlyApplication() {
        JsonNode status = tomcat.agent().get("/health/config").json();
        assertEquals("app", status.path("service").asText(), status.toString());
    }

    @Test
    void tomcatsBundledPoolShowsItsFiguresUnderItsJndiName() {
        JsonNode database = tomcat.agent().get("/health/database" + WINDOW).json();
        JsonNode app = null;
        for (JsonNode source : database.path("dataSources")) {
            if (source.path("name").asText().equals("jdbc/app")) {
                app = source;
            }
        }
        assertTrue(app != null, "no data source jdbc/app: " + database);
        assertEquals(2, app.path("pool").path("max").asInt(), app.toString());
        assertTrue(app.path("pool").path("total").asInt() >= 1, "the pool has served /app/db: " + app);
    }

    private static final Pattern COUNT = Pattern.compile(
            "^http_server_request_duration_seconds_count\\{(.*)} (\\S+)$", Pattern.MULTILINE);

    /** {@code http_server_request_duration_seconds_count} of GET {@code route} with {@code status}, from /metrics. */
    private long metricCount(String route, int status) {
        String metrics = tomcat.agent().get("/metrics").body();
        long sum = 0;
        Matcher m = COUNT.matcher(metrics);
        while (m.find()) {
            String labels = m.group(1);
            if (labels.contains("http_route=\"" + route + "\"") && labels.contains("http_response_status_code=\"" + status + "\"")
                    && labels.contains("http_request_method=\"GET\"")) {
                sum += (long) Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}
