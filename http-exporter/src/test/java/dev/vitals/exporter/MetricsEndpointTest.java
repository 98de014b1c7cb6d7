package dev.vitals.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitals.exporter.prometheus.MetricsSource;
import dev.vitals.exporter.prometheus.PrometheusExposition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** /metrics as the agent will wire it: content negotiation, both formats and gzip over real HTTP. */
class MetricsEndpointTest {
    private static final List<MetricsSource> SOURCES = List.of(sink -> {
        sink.counter("vitals_cache_requests", "Cache lookups.", null, new String[] {"keyspace", "result"},
                new String[] {"user", "hit"}, 7);
        sink.info("vitals_build", "Build information.", new String[] {"version"}, new String[] {"0.1.0"});
    });

    private static HttpExporter start() throws IOException {
        return HttpExporter.builder().host("127.0.0.1").port(0).threadNamePrefix("vitals-metrics-test")
                .route("GET", "/metrics", Access.PUBLIC, r -> {
                    boolean openMetrics = PrometheusExposition.wantsOpenMetrics(r.header("Accept"));
                    return Response.bytes(200, PrometheusExposition.contentType(openMetrics),
                            PrometheusExposition.write(SOURCES, openMetrics));
                })
                .start();
    }

    @Test
    void prometheusScrapeGetsGzippedOpenMetrics() throws Exception {
        try (HttpExporter server = start()) {
            HttpResponse<byte[]> response = TestHttp.sendBytes(TestHttp.request(server, "/metrics")
                    .header("Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
                            + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1")
                    .header("Accept-Encoding", "gzip"));
            assertEquals(200, response.statusCode());
            assertEquals(PrometheusExposition.OPENMETRICS_CONTENT_TYPE, response.headers().firstValue("Content-Type").orElse(null));
            assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElse(null));
            String body = gunzip(response.body());
            assertEquals("# TYPE vitals_cache_requests counter\n"
                    + "# HELP vitals_cache_requests Cache lookups.\n"
                    + "vitals_cache_requests_total{keyspace=\"user\",result=\"hit\"} 7\n"
                    + "# TYPE vitals_build info\n"
                    + "# HELP vitals_build Build information.\n"
                    + "vitals_build_info{version=\"0.1.0\"} 1\n"
                    + "# EOF\n", body);
        }
    }

    @Test
    void plainClientGetsTextFormat() throws Exception {
        try (HttpExporter server = start()) {
            HttpResponse<String> response = TestHttp.get(server, "/metrics");
            assertEquals(200, response.statusCode());
            assertEquals(PrometheusExposition.TEXT_CONTENT_TYPE, response.headers().firstValue("Content-Type").orElse(null));
            assertTrue(response.body().startsWith("# HELP vitals_cache_requests_total Cache lookups.\n"
                    + "# TYPE vitals_cache_requests_total counter\n"), response.body());
            assertTrue(response.body().endsWith("vitals_build_info{version=\"0.1.0\"} 1\n"), response.body());
        }
    }

    private static String gunzip(byte[] data) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
