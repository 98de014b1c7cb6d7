package dev.vitals.agent.ui;

import dev.vitals.exporter.HttpExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page and its files come from the class path, uPlot included (unpacked from its webjar at build time). */
class DashboardPageTest {
    private static HttpExporter exporter;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        HttpExporter.Builder builder = HttpExporter.builder().host("127.0.0.1").port(0);
        new DashboardPage().register(builder);
        exporter = builder.start();
    }

    @AfterAll
    static void stop() {
        exporter.close();
    }

    @Test
    void pageReferencesOnlyLocalFilesThatExist() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(!page.body().contains("http://") && !page.body().contains("https://"), "no external references");
        for (String file : new String[] {"uPlot.iife.min.js", "uPlot.min.css", "dashboard.js", "dashboard.css"}) {
            assertTrue(page.body().contains("/ui/" + file), file);
            HttpResponse<String> r = get("/ui/" + file);
            assertEquals(200, r.statusCode(), file);
            assertTrue(r.body().length() > 500, file);
        }
        assertTrue(get("/ui/uPlot.iife.min.js").body().contains("uPlot"));
        assertTrue(get("/ui/dashboard.js").headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
    }

    @Test
    void nothingElseIsServed() throws Exception {
        assertEquals(404, get("/ui/LICENSE").statusCode());
        assertEquals(404, get("/ui/..%2Fui%2Findex.html").statusCode());
        assertEquals(404, get("/ui/DashboardPage.class").statusCode());
        assertEquals(404, get("/ui/nope.js").statusCode());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + exporter.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
