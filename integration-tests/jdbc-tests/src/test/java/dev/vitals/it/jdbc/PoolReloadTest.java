package dev.vitals.it.jdbc;

import dev.vitals.it.AgentProcess;
import dev.vitals.it.HttpResult;
import dev.vitals.it.Services;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hot redeploy, in the manner of HikariCP's {@code TomcatConcurrentBagLeakTest}: {@link ReloadApp} deploys a webapp
 * 50 times through a throwaway class loader, each time with three pools on PostgreSQL (HikariCP, DBCP2, Tomcat JDBC)
 * that it uses, closes and drops. With the agent attached and its database check running every second:
 * <ul>
 *   <li>every webapp class loader is collected: Vitals holds none of them;</li>
 *   <li>{@code /health} answers 200 throughout: a closed pool is removed, not reported unhealthy;</li>
 *   <li>pool series stay bounded: only the three stable pool names ever appear, and none once all are closed;</li>
 *   <li>the JVM's PostgreSQL connections (by the application name the test sets) are back to none at the end.</li>
 * </ul>
 */
class PoolReloadTest {
    static final int RELOADS = 50;
    static final Pattern COLLECTED = Pattern.compile("collected (\\d+) of (\\d+) loaders");
    /** The {@code pool_name} label of the pool series (not {@code jvm_memory_pool_name}). */
    static final Pattern POOL_NAME = Pattern.compile("[{,]pool_name=\"([^\"]*)\"");

    @Test
    void fiftyRedeploysLeaveNoLoaderNoConnectionNoSeries() throws Exception {
        Services.requirePostgres();
        String appName = "vitals-reload-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(0, MultiPoolTest.connections(appName), "baseline");
        try (AgentProcess p = AgentProcess.main(ReloadApp.class)
                .agentArg("health.database.interval", "1s")
                .agentArg("health.database.timeout", "10s") // a busy shared machine may take seconds to connect
                // The listener at once, as in a server redeploying after its start: ReloadApp loads Tomcat's connector
                // class but starts no server, and its reloads keep class loading busy, so the agent would otherwise
                // wait for that server's start (at most a minute) and the reloads would be over.
                .agentArg("exporter.start.wait", "0")
                .args(MultiPoolTest.PG + "?ApplicationName=" + appName, Integer.toString(RELOADS), "200")
                .jvmOptions("-Xmx256m")
                .start()) {
            // A busy machine starts slowly: wait for the first redeploy before asking for the agent's port.
            p.awaitOutput(Pattern.compile("reload 1"), Duration.ofSeconds(120));
            p.agentPort();
            Set<String> poolNames = new TreeSet<>();
            int healthReads = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(600).toNanos();
            Matcher done = null;
            while (System.nanoTime() < deadline) {
                HttpResult health = p.get("/health");
                assertEquals(200, health.status(), "after " + lastReload(p) + " reloads: " + health.body());
                healthReads++;
                Matcher m = POOL_NAME.matcher(p.get("/metrics").body());
                while (m.find()) {
                    poolNames.add(m.group(1));
                }
                done = COLLECTED.matcher(p.stdout());
                if (done.find()) {
                    break;
                }
                Thread.sleep(200);
            }
            assertTrue(done != null && done.find(0), "the reloads did not finish:\n" + p.stdout() + p.stderr());
            assertEquals(RELOADS, Integer.parseInt(done.group(1)), "webapp class loaders collected:\n" + p.stdout());
            assertTrue(healthReads >= 20, "health was read throughout the reloads: " + healthReads);
            assertEquals(Set.of("reload-hikari", MultiPoolTest.DERIVED, MultiPoolTest.DERIVED + " #2"), poolNames,
                    "pool names seen in /metrics during " + RELOADS + " reloads");

            // Everything closed: no pool series, no data source, no check, no connection.
            JdbcTestSupport.await(Duration.ofSeconds(10), () -> !POOL_NAME.matcher(p.get("/metrics").body()).find()
                    && p.get("/health/database").json().path("dataSources").isEmpty()
                    && !p.get("/health").json().path("checks").has("database"),
                    () -> p.get("/health").body() + "\ndata sources: " + p.get("/health/database").json().path("dataSources")
                            + "\npool series: " + p.get("/metrics").body().lines().filter(l -> POOL_NAME.matcher(l).find())
                            .collect(java.util.stream.Collectors.joining("\n")));
            JdbcTestSupport.await(Duration.ofSeconds(10), () -> MultiPoolTest.connections(appName) == 0,
                    () -> "connections left: " + MultiPoolTest.connections(appName));
        }
    }

    private static String lastReload(AgentProcess p) {
        String out = p.stdout();
        int i = out.lastIndexOf("reload ");
        return i < 0 ? "0" : out.substring(i + 7, Math.min(out.length(), out.indexOf('\n', i) < 0 ? out.length() : out.indexOf('\n', i)));
    }
}
