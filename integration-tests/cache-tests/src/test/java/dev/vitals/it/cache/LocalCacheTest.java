package dev.vitals.it.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vitals.it.AgentProcess;
import dev.vitals.it.Await;
import dev.vitals.it.HttpResult;
import dev.vitals.it.Promtool;
import dev.vitals.it.Services;
import dev.vitals.it.Jars;
import dev.vitals.it.cache.app.AttachApp;
import dev.vitals.it.cache.app.CaffeineApp;
import dev.vitals.it.cache.app.EhcacheApp;
import dev.vitals.it.cache.app.EhcacheTiersApp;
import dev.vitals.it.cache.app.GuavaApp;
import dev.vitals.it.cache.app.JCacheApp;
import dev.vitals.it.cache.app.MillionApp;
import dev.vitals.it.cache.app.TieredApp;
import dev.vitals.it.cache.app.spring.SpringBootCacheApp;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In-process caches recorded with no code change: each test runs a small app of {@code app/} in a child JVM with the
 * real agent jar and the real libraries (Caffeine 3 and 2, Guava, Ehcache 3, Caffeine's JCache provider, Spring Boot with
 * {@code @Cacheable} over JCache, Jedis on the shared Redis for the two-tier test), then reads {@code /health/cache},
 * {@code /metrics} and an alert rule on a cache's hit rate. The app waits for the agent's listener before its
 * scenario, so every operation is recorded and the counts are exact.
 */
class LocalCacheTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DONE = Pattern.compile("SCENARIO DONE.*");
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    private static AgentProcess start(Class<?> main, String... agentArgs) {
        return start(AgentProcess.main(main), main, agentArgs);
    }

    private static AgentProcess start(AgentProcess.Builder b, Class<?> main, String... agentArgs) {
        // A fixed port, so that the app can wait for the agent before its scenario.
        int port = AgentProcess.freePort();
        b.agentArg("exporter.host", "127.0.0.1")
                .agentArg("exporter.port", Integer.toString(port)).args(Integer.toString(port))
                .jvmOptions("-Xmx128m", "-XX:+UseSerialGC");
        for (int i = 0; i < agentArgs.length; i += 2) {
            b.agentArg(agentArgs[i], agentArgs[i + 1]);
        }
        AgentProcess p = b.start();
        try {
            p.awaitOutput(DONE, TIMEOUT);
            p.agentPort();
            return p;
        } catch (RuntimeException | AssertionError e) {
            String description = p.describe();
            p.close();
            throw new AssertionError(main.getSimpleName() + " did not finish its scenario:\n" + description, e);
        }
    }

    private static JsonNode cacheFigures(AgentProcess p) {
        HttpResult r = p.get("/health/cache");
        assertEquals(200, r.status(), r.body());
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode l1(JsonNode figures, String name) {
        for (JsonNode c : figures.path("l1")) {
            if (name.equals(c.path("cache").asText())) {
                return c;
            }
        }
        return null;
    }

    private static List<String> names(JsonNode figures) {
        List<String> names = new ArrayList<>();
        figures.path("l1").forEach(c -> names.add(c.path("cache").asText()));
        return names;
    }

    /**
     * Waits until {@code name} shows {@code gets} reads, {@code evictions} evictions and {@code loads} loads (load
     * times reach the endpoint at the agent's next 5 s tick).
     */
    private static JsonNode await(AgentProcess p, String name, long gets, long evictions, long loads) {
        return Await.until(name + " with " + gets + " reads, " + evictions + " evictions and " + loads + " loads",
                Duration.ofSeconds(30), () -> l1(cacheFigures(p), name),
                c -> c != null && c.path("hits").asLong() + c.path("misses").asLong() == gets
                        && c.path("evictions").asLong() == evictions && c.path("load").path("total").asLong() == loads);
    }

    private static void assertCounts(JsonNode c, long hits, long misses, long puts, long removals, long loads) {
        assertEquals(hits, c.path("hits").asLong(), c.toString());
        assertEquals(misses, c.path("misses").asLong(), c.toString());
        assertEquals(puts, c.path("puts").asLong(), c.toString());
        assertEquals(removals, c.path("removals").asLong(), c.toString());
        assertEquals(loads, c.path("load").path("total").asLong(), c.toString());
    }

    private static long sample(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        assertTrue(m.find(), "no sample " + series + " in:\n" + metrics);
        return (long) Double.parseDouble(m.group(1));
    }

    @Test
    void caffeineHitsMissesPutsEvictionsAndLoadsArePerGeneratedName() throws Exception {
        try (AgentProcess p = start(CaffeineApp.class)) {
            JsonNode users = await(p, "caffeine:CaffeineApp.Users", 6, 0, 1);
            assertCounts(users, 3, 3, 1, 1, 1);
            assertEquals("caffeine", users.path("library").asText());
            JsonNode prices = await(p, "caffeine:CaffeineApp.Prices", 4, 0, 2);
            assertCounts(prices, 2, 2, 0, 0, 2);
            JsonNode recent = await(p, "caffeine:CaffeineApp.Recent", 0, 90, 0);
            assertEquals(100, recent.path("puts").asLong(), recent.toString());
            assertEquals(10, recent.path("size").asLong(), recent.toString());

            JsonNode tiers = cacheFigures(p).path("tiers");
            assertEquals(5, tiers.path("l1").path("hits").asLong(), tiers.toString());
            assertEquals(5, tiers.path("l1").path("misses").asLong(), tiers.toString());
            assertEquals(50.0, tiers.path("l1").path("hitRate").asDouble(), tiers.toString());
            assertEquals(50.0, tiers.path("overall").path("hitRate").asDouble(), tiers.toString());

            String metrics = p.get("/metrics").body();
            assertEquals(3, sample(metrics, "cache_gets_total{cache=\"caffeine:CaffeineApp.Users\",cache_tier=\"l1\",result=\"hit\"}"));
            assertEquals(3, sample(metrics, "cache_gets_total{cache=\"caffeine:CaffeineApp.Users\",cache_tier=\"l1\",result=\"miss\"}"));
            assertEquals(100, sample(metrics, "cache_puts_total{cache=\"caffeine:CaffeineApp.Recent\",cache_tier=\"l1\"}"));
            assertEquals(90, sample(metrics, "cache_evictions_total{cache=\"caffeine:CaffeineApp.Recent\",cache_tier=\"l1\"}"));
            assertEquals(10, sample(metrics, "cache_size{cache=\"caffeine:CaffeineApp.Recent\",cache_tier=\"l1\"}"));
            assertEquals(2, sample(metrics, "cache_load_duration_seconds_count{cache=\"caffeine:CaffeineApp.Prices\",cache_tier=\"l1\"}"));
            Promtool.assertPasses(metrics, "cache_");
        }
    }

    /** The same app and counts with Caffeine 2.9, whose local caches have the methods Caffeine 3's advice matches. */
    @Test
    void caffeine2IsRecordedByTheSameAdvice() {
        String caffeine2 = System.getProperty("vitals.caffeine2.jar");
        String classPath = Arrays.stream(System.getProperty("surefire.test.class.path").split(File.pathSeparator))
                .map(e -> e.contains("caffeine-3.") ? caffeine2 : e).collect(Collectors.joining(File.pathSeparator));
        assertTrue(classPath.contains("caffeine-2.9.3.jar"), classPath);
        try (AgentProcess p = start(AgentProcess.main(CaffeineApp.class).classPath(classPath), CaffeineApp.class)) {
            assertCounts(await(p, "caffeine:CaffeineApp.Users", 6, 0, 1), 3, 3, 1, 1, 1);
            assertCounts(await(p, "caffeine:CaffeineApp.Prices", 4, 0, 2), 2, 2, 0, 0, 2);
            JsonNode recent = await(p, "caffeine:CaffeineApp.Recent", 0, 90, 0);
            assertEquals(100, recent.path("puts").asLong(), recent.toString());
        }
    }

    @Test
    void guavaHitsMissesPutsEvictionsAndLoadsArePerGeneratedName() throws Exception {
        try (AgentProcess p = start(GuavaApp.class)) {
            JsonNode accounts = await(p, "guava:GuavaApp.Accounts", 5, 0, 1);
            assertCounts(accounts, 3, 2, 1, 1, 1);
            assertEquals("guava", accounts.path("library").asText());
            JsonNode rates = await(p, "guava:GuavaApp.Rates", 3, 0, 2);
            assertCounts(rates, 1, 2, 0, 0, 2);
            JsonNode latest = await(p, "guava:GuavaApp.Latest", 0, 90, 0);
            assertEquals(100, latest.path("puts").asLong(), latest.toString());
            assertEquals(10, latest.path("size").asLong(), latest.toString());
            Promtool.assertPasses(p.get("/metrics").body(), "cache_");
        }
    }

    /**
     * Ehcache 3 under its cache manager's aliases, through its own API and as a JCache provider (counted once, by
     * JCache): reads, writes, removals, loads, heap and off-heap evictions, expirations under an injected clock, and
     * the entries each cache holds. Ehcache is kept off the tests' class path, so that the other JCache apps find Caffeine's provider alone.
     */
    @Test
    void ehcacheIsRecordedUnderItsAliasesAndOnceUnderJCache() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path") + File.pathSeparator
                + System.getProperty("vitals.ehcache.jar");
        try (AgentProcess p = start(AgentProcess.main(EhcacheApp.class).classPath(classPath), EhcacheApp.class)) {
            JsonNode products = await(p, "products", 4, 0, 0);
            assertCounts(products, 2, 2, 4, 2, 0);
            assertEquals("ehcache", products.path("library").asText());
            JsonNode recent = await(p, "recent", 0, 90, 0);
            assertEquals(100, recent.path("puts").asLong(), recent.toString());
            JsonNode rates = await(p, "rates", 3, 0, 2);
            assertCounts(rates, 1, 2, 0, 0, 2);
            JsonNode books = await(p, "books", 4, 0, 0);
            assertCounts(books, 2, 2, 1, 1, 0);
            JsonNode authors = await(p, "authors", 2, 0, 1);
            assertCounts(authors, 1, 1, 0, 0, 1);
            JsonNode sessions = await(p, "sessions", 5, 5, 0);
            assertCounts(sessions, 0, 5, 8, 0, 0);
            assertEquals(5, sessions.path("expirations").asLong(), sessions.toString());
            assertEquals(3, sessions.path("size").asLong(), "expired entries not read yet are still held: " + sessions);
            JsonNode catalog = l1(cacheFigures(p), "catalog");
            assertNotNull(catalog, "catalog");
            assertEquals(1000, catalog.path("puts").asLong(), catalog.toString());
            assertTrue(catalog.path("evictions").asLong() > 0, "the off-heap tier evicted: " + catalog);
            assertEquals(1000, catalog.path("evictions").asLong() + catalog.path("size").asLong(),
                    "every entry is either in the off-heap authority or evicted from it (heap-tier moves not counted): " + catalog);
            assertEquals(0, catalog.path("expirations").asLong(), catalog.toString());
            assertEquals(List.of("authors", "books", "catalog", "products", "rates", "recent", "sessions"),
                    names(cacheFigures(p)).stream().sorted().toList(),
                    "Ehcache under JCache is not counted again, nor under a generated name");

            String metrics = p.get("/metrics").body();
            assertEquals(2, sample(metrics, "cache_gets_total{cache=\"products\",cache_tier=\"l1\",result=\"hit\"}"));
            assertEquals(90, sample(metrics, "cache_evictions_total{cache=\"recent\",cache_tier=\"l1\"}"));
            assertEquals(0, sample(metrics, "cache_expirations_total{cache=\"recent\",cache_tier=\"l1\"}"));
            assertEquals(10, sample(metrics, "cache_size{cache=\"recent\",cache_tier=\"l1\"}"));
            assertEquals(0, sample(metrics, "cache_size{cache=\"products\",cache_tier=\"l1\"}"));
            assertEquals(2, sample(metrics, "cache_size{cache=\"rates\",cache_tier=\"l1\"}"));
            assertEquals(0, sample(metrics, "cache_size{cache=\"books\",cache_tier=\"l1\"}"));
            assertEquals(1, sample(metrics, "cache_size{cache=\"authors\",cache_tier=\"l1\"}"), "JCache over Ehcache");
            assertEquals(5, sample(metrics, "cache_expirations_total{cache=\"sessions\",cache_tier=\"l1\"}"));
            assertEquals(5, sample(metrics, "cache_evictions_total{cache=\"sessions\",cache_tier=\"l1\"}"));
            assertEquals(3, sample(metrics, "cache_size{cache=\"sessions\",cache_tier=\"l1\"}"));
            assertEquals(catalog.path("size").asLong(), sample(metrics, "cache_size{cache=\"catalog\",cache_tier=\"l1\"}"));
            assertEquals(1, sample(metrics, "cache_puts_total{cache=\"books\",cache_tier=\"l1\"}"));
            assertEquals(2, sample(metrics, "cache_load_duration_seconds_count{cache=\"rates\",cache_tier=\"l1\"}"));
            Promtool.assertPasses(metrics, "cache_");
        }
    }

    /**
     * Ehcache 3's off-heap and disk tiers ({@link EhcacheTiersApp}): exact reads, writes and expirations (a manual
     * clock), evictions counted where the last tier evicts and equal to Ehcache's own count for that tier, and the heap
     * tier's (and the off-heap caching tier's) evictions, which only move entries down, not counted.
     */
    @Test
    void ehcacheOffHeapAndDiskTiersCountEvictionsAndExpirationsOnceAtTheirLastTier() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path") + File.pathSeparator
                + System.getProperty("vitals.ehcache.jar");
        AgentProcess.Builder b = AgentProcess.main(EhcacheTiersApp.class).classPath(classPath)
                .args(AgentProcess.tempDir("ehcache-disk-").toString());
        try (AgentProcess p = start(b, EhcacheTiersApp.class)) {
            String metrics = p.get("/metrics").body();
            assertTier(p, metrics, "offheap", 50, 1000, "OffHeap", null);
            assertTier(p, metrics, "heap-offheap", 50, 1000, "OffHeap", "OnHeap");
            assertTier(p, metrics, "heap-offheap-disk", 600, 8000, "Disk", "OffHeap");
            assertDashboardSeriesExported(metrics);
            Promtool.assertPasses(metrics, "cache_");
        }
    }

    /**
     * One cache of {@link EhcacheTiersApp}: {@code moves} entries read twice, {@code overflow} more written; the
     * evictions beyond the 20 expirations (also evictions) are those Ehcache counts for its {@code last} tier, and {@code upper} (a tier
     * that only moves entries down) did evict.
     */
    private static void assertTier(AgentProcess p, String metrics, String name, int moves, int overflow, String last,
                                   String upper) {
        long lastEvictions = tierStatistic(p, name, last, "evictions");
        assertTrue(lastEvictions > 0, name + ": the " + last + " tier is full and evicts");
        assertEquals(20, tierStatistic(p, name, last, "expirations"), name + ": Ehcache's own count");
        if (upper != null) {
            assertTrue(tierStatistic(p, name, upper, "evictions") > 0, name + ": the " + upper + " tier moved entries down");
        }
        JsonNode c = await(p, name, 17 + 2L * moves + 22, 20 + lastEvictions, 0);
        assertCounts(c, 17 + 2L * moves, 22, 21 + moves + overflow, 1, 0);
        assertEquals(20, c.path("expirations").asLong(), c.toString());
        assertEquals(moves + overflow, lastEvictions + c.path("size").asLong(),
                name + ": every entry written after the expiry is held by the " + last + " tier or evicted from it: " + c);
        String labels = "{cache=\"" + name + "\",cache_tier=\"l1\"";
        assertEquals(17 + 2L * moves, sample(metrics, "cache_gets_total" + labels + ",result=\"hit\"}"));
        assertEquals(22, sample(metrics, "cache_gets_total" + labels + ",result=\"miss\"}"));
        assertEquals(21 + moves + overflow, sample(metrics, "cache_puts_total" + labels + "}"));
        assertEquals(20 + lastEvictions, sample(metrics, "cache_evictions_total" + labels + "}"));
        assertEquals(20, sample(metrics, "cache_expirations_total" + labels + "}"));
        assertEquals(c.path("size").asLong(), sample(metrics, "cache_size" + labels + "}"));
    }

    /** Every in-process cache series the Grafana dashboard queries ({@code cache_...}) is one the agent exports. */
    private static void assertDashboardSeriesExported(String metrics) throws IOException {
        Path dashboard = Paths.get(System.getProperty("vitals.deploy.dir", "../../deploy"), "grafana", "vitals-dashboard.json");
        Pattern name = Pattern.compile("(?<![a-z_])cache_[a-z_]+(?=\\{)");
        Set<String> queried = new TreeSet<>();
        for (JsonNode panel : JSON.readTree(Files.readString(dashboard)).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                name.matcher(target.path("expr").asText()).results().forEach(r -> queried.add(r.group()));
            }
        }
        assertTrue(queried.contains("cache_expirations_total"), queried.toString());
        for (String series : queried) {
            assertTrue(Pattern.compile("(?m)^" + series + "\\{").matcher(metrics).find(),
                    series + " is queried by the dashboard but not in /metrics:\n" + metrics);
        }
    }

    /** A figure of Ehcache's own statistics for one tier, as {@link EhcacheTiersApp} printed it. */
    private static long tierStatistic(AgentProcess p, String cache, String tier, String figure) {
        Matcher m = Pattern.compile("(?m)^TIER " + Pattern.quote(cache) + " " + tier + " .*\\b" + figure + "=(\\d+)")
                .matcher(p.stdout());
        assertTrue(m.find(), "no " + figure + " of " + cache + "'s " + tier + " tier in:\n" + p.stdout());
        return Long.parseLong(m.group(1));
    }

    @Test
    void aCacheBuiltBeforeAnAttachIsRecordedFromItsNextCall() {
        int port = AgentProcess.freePort();
        try (AgentProcess target = AgentProcess.main(AttachApp.class).withoutAgent().args(Integer.toString(port))
                .jvmOptions("-Xmx128m", "-XX:+UseSerialGC").start()) {
            target.awaitOutput(Pattern.compile("CACHE BUILT"), TIMEOUT);
            String agentArgs = "exporter.port=" + port + ",exporter.host=127.0.0.1,data.dir="
                    + AgentProcess.tempDir("attach-data-");
            AgentProcess.Finished attach = AgentProcess.jar(Jars.agent()).withoutAgent()
                    .args("attach", String.valueOf(target.pid()), agentArgs).run(Duration.ofSeconds(120));
            assertEquals(0, attach.exitCode(), attach.description());
            target.awaitOutput(DONE, TIMEOUT);
            JsonNode sessions = await(target, "caffeine:AttachApp", 3, 0, 0);
            assertCounts(sessions, 2, 1, 1, 0, 0);
        }
    }

    @Test
    void l1AndRedisL2AppearSideBySideWithTheirHitRates() {
        Services.requireRedis();
        AgentProcess.Builder b = AgentProcess.main(TieredApp.class).args("6379");
        try (AgentProcess p = start(b, TieredApp.class)) {
            await(p, "caffeine:TieredApp.Products", 3, 0, 0);
            JsonNode tiers = Await.until("both tiers counted", Duration.ofSeconds(30), () -> cacheFigures(p).path("tiers"),
                    t -> t.path("l2").path("hits").asLong() + t.path("l2").path("misses").asLong() == 2);
            assertEquals(1, tiers.path("l1").path("hits").asLong(), tiers.toString());
            assertEquals(2, tiers.path("l1").path("misses").asLong(), tiers.toString());
            assertEquals(33.3, tiers.path("l1").path("hitRate").asDouble(), tiers.toString());
            assertEquals(1, tiers.path("l2").path("hits").asLong(), tiers.toString());
            assertEquals(50.0, tiers.path("l2").path("hitRate").asDouble(), tiers.toString());
            assertEquals(40.0, tiers.path("overall").path("hitRate").asDouble(), tiers.toString());
        }
    }

    @Test
    void jcacheOverCaffeineIsCountedOnceUnderItsName() {
        try (AgentProcess p = start(JCacheApp.class)) {
            JsonNode books = await(p, "books", 4, 0, 0);
            assertCounts(books, 2, 2, 1, 1, 0);
            assertEquals("jcache", books.path("library").asText());
            JsonNode authors = await(p, "authors", 2, 0, 1);
            assertCounts(authors, 1, 1, 0, 0, 1);
            assertEquals(List.of("books", "authors"), names(cacheFigures(p)), "Caffeine underneath is not counted again");
        }
    }

    @Test
    void springBootCacheableOverJCacheIsCountedOncePerCallWithTheConfiguredName() {
        try (AgentProcess p = start(SpringBootCacheApp.class, "alerts.interval", "1s")) {
            assertTrue(p.stdout().contains("SCENARIO DONE calls=2"), p.stdout());
            JsonNode books = await(p, "books", 4, 0, 0);
            assertCounts(books, 2, 2, 2, 0, 0);
            assertEquals("spring", books.path("library").asText());
            assertEquals(List.of("books"), names(cacheFigures(p)), "JCache and Caffeine underneath are not counted again");
            String rule = """
                    {"name": "books hit rate", "metricType": "cache_gets_total",
                     "matchers": {"cache": "books", "result": "hit"},
                     "denominator": {"metricType": "cache_gets_total", "matchers": {"cache": "books"}},
                     "condition": "less_than", "threshold": 0.9, "duration": 0}""";
            HttpResult created = p.post("/alerts/rules", rule, java.util.Map.of("Content-Type", "application/json"));
            assertEquals(201, created.status(), created.body());
            String id = created.json().path("id").asText();
            JsonNode evaluated = Await.until("the hit-rate rule evaluated", Duration.ofSeconds(30),
                    () -> p.get("/alerts/rules/" + id).json(), r -> "firing".equals(r.path("state").asText()));
            assertEquals(0.5, evaluated.path("lastValue").asDouble(), 1e-9, evaluated.toString());
        }
    }

    @Test
    void aMillionCacheNamesAndKeysStayBounded() {
        try (AgentProcess p = start(MillionApp.class, "limits.caches", "50")) {
            JsonNode figures = Await.until("the million operations counted", Duration.ofSeconds(30), () -> cacheFigures(p),
                    f -> l1(f, "_other") != null
                            && l1(f, "_other").path("hits").asLong() + l1(f, "_other").path("misses").asLong() == 2_000_000 - 50);
            assertEquals(50, figures.path("tiers").path("l1").path("caches").asLong(), figures.path("tiers").toString());
            assertEquals(51, figures.path("l1").size());
            JsonNode other = l1(figures, "_other");
            assertEquals(2_000_000 - 50, other.path("puts").asLong(), other.toString());
            JsonNode first = l1(figures, "cache-0");
            assertNotNull(first, figures.toString());
            assertCounts(first, 0, 1, 1, 0, 0);

            String metrics = p.get("/metrics").body();
            long series = metrics.lines().filter(l -> l.startsWith("cache_gets_total{")).count();
            assertTrue(series <= 2 * 51, series + " cache_gets_total series");
            Matcher heap = Pattern.compile("HEAP USED (\\d+)").matcher(p.stdout());
            assertTrue(heap.find(), p.stdout());
            long used = Long.parseLong(heap.group(1));
            assertTrue(used < 48L * 1024 * 1024, "heap used after GC: " + used);
        }
    }
}
