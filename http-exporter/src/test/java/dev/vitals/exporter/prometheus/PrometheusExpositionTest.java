package dev.vitals.exporter.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrometheusExpositionTest {
    private static final String[] NONE = new String[0];

    /** A gauge, a counter, a histogram and an info, spread over two sources and interleaved. */
    static final List<MetricsSource> REPRESENTATIVE = Arrays.asList(
            sink -> {
                sink.gauge("jvm_memory_used_bytes", "Used memory.", "bytes",
                        new String[] {"jvm_memory_type", "jvm_memory_pool_name"}, new String[] {"heap", "G1 Eden Space"}, 1048576);
                sink.counter("http_server_requests", "Finished requests.", null,
                        new String[] {"http_route"}, new String[] {"/a"}, 3);
                sink.histogram("http_server_request_duration_seconds", "Duration of HTTP server requests.", "seconds",
                        new String[] {"http_request_method", "http_route"}, new String[] {"GET", "/a"},
                        new double[] {0.005, 0.1, 1, 10}, new long[] {1, 2, 2, 3}, 12.5, 4);
                sink.gauge("jvm_memory_used_bytes", "Used memory.", "bytes",
                        new String[] {"jvm_memory_type", "jvm_memory_pool_name"}, new String[] {"non_heap", "Metaspace"}, 2.5e7);
            },
            sink -> {
                sink.info("vitals_build", "Vitals build information.", new String[] {"version"}, new String[] {"0.1.0"});
                sink.counter("http_server_requests", "ignored: the first help wins", null,
                        new String[] {"http_route"}, new String[] {"/b"}, 0.5);
                sink.counter("process_cpu_seconds", "Total CPU time.", "seconds", NONE, NONE, 12.25);
            });

    static String text(List<MetricsSource> sources) {
        return new String(PrometheusExposition.write(sources, false), StandardCharsets.UTF_8);
    }

    static String openMetrics(List<MetricsSource> sources) {
        return new String(PrometheusExposition.write(sources, true), StandardCharsets.UTF_8);
    }

    @Test
    void textFormatGoldenOutput() {
        assertEquals(""
                + "# HELP jvm_memory_used_bytes Used memory.\n"
                + "# TYPE jvm_memory_used_bytes gauge\n"
                + "jvm_memory_used_bytes{jvm_memory_type=\"heap\",jvm_memory_pool_name=\"G1 Eden Space\"} 1048576\n"
                + "jvm_memory_used_bytes{jvm_memory_type=\"non_heap\",jvm_memory_pool_name=\"Metaspace\"} 25000000\n"
                + "# HELP http_server_requests_total Finished requests.\n"
                + "# TYPE http_server_requests_total counter\n"
                + "http_server_requests_total{http_route=\"/a\"} 3\n"
                + "http_server_requests_total{http_route=\"/b\"} 0.5\n"
                + "# HELP http_server_request_duration_seconds Duration of HTTP server requests.\n"
                + "# TYPE http_server_request_duration_seconds histogram\n"
                + "http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_route=\"/a\",le=\"0.005\"} 1\n"
                + "http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_route=\"/a\",le=\"0.1\"} 2\n"
                + "http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_route=\"/a\",le=\"1.0\"} 2\n"
                + "http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_route=\"/a\",le=\"10.0\"} 3\n"
                + "http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_route=\"/a\",le=\"+Inf\"} 4\n"
                + "http_server_request_duration_seconds_count{http_request_method=\"GET\",http_route=\"/a\"} 4\n"
                + "http_server_request_duration_seconds_sum{http_request_method=\"GET\",http_route=\"/a\"} 12.5\n"
                + "# HELP vitals_build_info Vitals build information.\n"
                + "# TYPE vitals_build_info gauge\n"
                + "vitals_build_info{version=\"0.1.0\"} 1\n"
                + "# HELP process_cpu_seconds_total Total CPU time.\n"
                + "# TYPE process_cpu_seconds_total counter\n"
                + "process_cpu_seconds_total 12.25\n",
                text(REPRESENTATIVE));
    }

    @Test
    void openMetricsGoldenOutput() {
        assertEquals(""
                + "# TYPE jvm_memory_used_bytes gauge\n"
                + "# UNIT jvm_memory_used_bytes bytes\n"
                + "# HELP jvm_memory_used_bytes Used memory.\n"
                + "jvm_memory_used_bytes{jvm_memory_type=\"heap\",jvm_memory_pool_name=\"G1 Eden Space\"} 1048576\n"
                + "jvm_memory_used_bytes{jvm_memory_type=\"non_heap\",jvm_memory_pool_name=\"Metaspace\"} 25000000\n"
                + "# TYPE http_server_requests counter\n"
                + "# HELP http_server_requests Finished requests.\n"
                + "http_server_requests_total{http_route=\"/a\"} 3\n"
                + "http_server_requests_total{http_route=\"/b\"} 0.5\n"
                + "# TYPE http_server_request_duration_seconds histogram\n"
                + "# UNIT http_server_request_duration_seconds seconds\n"
                + "# HELP http_server_request_duration_seconds Duration of HTTP server requests.\n"
                + "http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_route=\"/a\",le=\"0.005\"} 1\n"
                + "http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_route=\"/a\",le=\"0.1\"} 2\n"
                + "http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_route=\"/a\",le=\"1.0\"} 2\n"
                + "http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_route=\"/a\",le=\"10.0\"} 3\n"
                + "http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_route=\"/a\",le=\"+Inf\"} 4\n"
                + "http_server_request_duration_seconds_count{http_request_method=\"GET\",http_route=\"/a\"} 4\n"
                + "http_server_request_duration_seconds_sum{http_request_method=\"GET\",http_route=\"/a\"} 12.5\n"
                + "# TYPE vitals_build info\n"
                + "# HELP vitals_build Vitals build information.\n"
                + "vitals_build_info{version=\"0.1.0\"} 1\n"
                + "# TYPE process_cpu_seconds counter\n"
                + "# UNIT process_cpu_seconds seconds\n"
                + "# HELP process_cpu_seconds Total CPU time.\n"
                + "process_cpu_seconds_total 12.25\n"
                + "# EOF\n",
                openMetrics(REPRESENTATIVE));
    }

    @Test
    void escapingDiffersBetweenHelpAndLabelValuesAndFormats() {
        List<MetricsSource> sources = List.of(sink -> sink.gauge("g", "a \\ b \"q\"\nnext", null,
                new String[] {"path"}, new String[] {"C:\\dir \"x\"\ny"}, 1));
        assertEquals("# HELP g a \\\\ b \"q\"\\nnext\n"
                + "# TYPE g gauge\n"
                + "g{path=\"C:\\\\dir \\\"x\\\"\\ny\"} 1\n", text(sources));
        assertEquals("# TYPE g gauge\n"
                + "# HELP g a \\\\ b \\\"q\\\"\\nnext\n"
                + "g{path=\"C:\\\\dir \\\"x\\\"\\ny\"} 1\n"
                + "# EOF\n", openMetrics(sources));
    }

    @Test
    void numbersAreFormattedAsPrometheusDoes() {
        double[] values = {0, -0.0, 1, -3, 42.0, 0.5, 1e-5, 0.0001, 123456.789, 1.5e-7, 9007199254740991.0, 1e16,
                1e21, 12345678.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1 + 0.2};
        String[] expected = {"0", "0", "1", "-3", "42", "0.5", "1e-05", "0.0001", "123456.789", "1.5e-07",
                "9007199254740991", "1e+16", "1e+21", "1.23456785e+07", "NaN", "+Inf", "-Inf", "0.30000000000000004"};
        for (int i = 0; i < values.length; i++) {
            StringBuilder out = new StringBuilder();
            Numbers.appendValue(out, values[i]);
            assertEquals(expected[i], out.toString(), "value " + values[i]);
        }
    }

    @Test
    void leValuesUseOpenMetricsCanonicalNumbers() {
        // The examples in the OpenMetrics 1.0 specification, section "Canonical Numbers".
        double[] bounds = {0.0, 0.001, 0.002, 0.01, 0.1, 0.9, 0.95, 0.99, 0.999, 1.0, 1.7, 10.0,
                1e-10, 1e-09, 1e-05, 0.0001, 100000.0, 1e+06, 1e+10, Double.POSITIVE_INFINITY};
        String[] expected = {"0.0", "0.001", "0.002", "0.01", "0.1", "0.9", "0.95", "0.99", "0.999", "1.0", "1.7", "10.0",
                "1e-10", "1e-09", "1e-05", "0.0001", "100000.0", "1e+06", "1e+10", "+Inf"};
        for (int i = 0; i < bounds.length; i++) {
            StringBuilder out = new StringBuilder();
            Numbers.appendLe(out, bounds[i]);
            assertEquals(expected[i], out.toString(), "bound " + bounds[i]);
        }
    }

    @Test
    void invalidNamesAreSanitised() {
        String text = text(List.of(sink -> sink.gauge("my-app.requests/sec", "Help.", null,
                new String[] {"route.name", "9lives", "ok:no"}, new String[] {"a", "b", "c"}, 1),
                sink -> sink.gauge("2xx", "Help.", null, NONE, NONE, 2),
                sink -> sink.counter("ratio:rule", "Help.", null, NONE, NONE, 3)));
        assertEquals("# HELP my_app_requests_sec Help.\n"
                + "# TYPE my_app_requests_sec gauge\n"
                + "my_app_requests_sec{route_name=\"a\",_9lives=\"b\",ok_no=\"c\"} 1\n"
                + "# HELP _2xx Help.\n"
                + "# TYPE _2xx gauge\n"
                + "_2xx 2\n"
                + "# HELP ratio:rule_total Help.\n"
                + "# TYPE ratio:rule_total counter\n"
                + "ratio:rule_total 3\n", text);
    }

    @Test
    void conflictingTypesKeepTheFirstAndCountTheRest() {
        long before = PrometheusExposition.droppedSamples();
        String text = text(List.of(sink -> {
            sink.gauge("x", "A gauge.", null, NONE, NONE, 1);
            sink.counter("x", "A counter.", null, NONE, NONE, 2);
            sink.histogram("x", "A histogram.", null, NONE, NONE, new double[] {1}, new long[] {1}, 1, 1);
            // Collides in sample names rather than family names: x_total is a gauge's whole name here.
            sink.gauge("y_total", "A gauge with a counter-like name.", null, NONE, NONE, 3);
            sink.counter("y", "Would write y_total too.", null, NONE, NONE, 4);
            sink.gauge("x", "A gauge.", null, new String[] {"a"}, new String[] {"1"}, 5);
        }));
        assertEquals("# HELP x A gauge.\n# TYPE x gauge\nx 1\nx{a=\"1\"} 5\n"
                + "# HELP y_total A gauge with a counter-like name.\n# TYPE y_total gauge\ny_total 3\n", text);
        assertEquals(3, PrometheusExposition.droppedSamples() - before);
    }

    @Test
    void unusableSamplesAreDroppedNotThrown() {
        long before = PrometheusExposition.droppedSamples();
        String text = text(List.of(sink -> {
            sink.gauge("g", "G.", null, new String[] {"a", "b"}, new String[] {"1"}, 1);      // lengths differ
            sink.gauge("g", "G.", null, new String[] {"a", "a"}, new String[] {"1", "2"}, 1); // repeated label name
            sink.gauge("g", "G.", null, new String[] {"a"}, new String[] {"1"}, 1);
            sink.gauge("g", "G.", null, new String[] {"a"}, new String[] {"1"}, 2);           // same series again
            sink.counter("c", "C.", null, NONE, NONE, -1);                                     // counters never go negative
            sink.counter("c", "C.", null, NONE, NONE, Double.NaN);
            sink.histogram("h", "H.", null, NONE, NONE, new double[] {2, 1}, new long[] {1, 1}, 1, 1);   // unsorted
            sink.histogram("h", "H.", null, NONE, NONE, new double[] {1, 2}, new long[] {2, 1}, 1, 2);   // not cumulative
            sink.histogram("h", "H.", null, NONE, NONE, new double[] {1}, new long[] {5}, 1, 2);         // bucket > count
            sink.histogram("h", "H.", null, new String[] {"le"}, new String[] {"x"}, new double[] {1}, new long[] {1}, 1, 1);
            sink.gauge(null, "no name", null, NONE, NONE, 1);
        }));
        assertEquals("# HELP g G.\n# TYPE g gauge\ng{a=\"1\"} 1\n", text);
        assertEquals(10, PrometheusExposition.droppedSamples() - before);
    }

    @Test
    void suffixesGivenByMistakeAreNotDoubled() {
        String text = text(List.of(sink -> {
            sink.counter("requests_total", "R.", null, NONE, NONE, 1);
            sink.info("app_info", "I.", new String[] {"v"}, new String[] {"1"});
        }));
        assertEquals("# HELP requests_total R.\n# TYPE requests_total counter\nrequests_total 1\n"
                + "# HELP app_info I.\n# TYPE app_info gauge\napp_info{v=\"1\"} 1\n", text);
    }

    @Test
    void histogramAcceptsExplicitInfBoundAndEmptyBuckets() {
        String text = text(List.of(sink -> {
            sink.histogram("h_seconds", "H.", "seconds", NONE, NONE,
                    new double[] {0.5, Double.POSITIVE_INFINITY}, new long[] {1, 2}, 0.75, 2);
            sink.histogram("e_seconds", "E.", "seconds", NONE, NONE, new double[0], new long[0], 0, 0);
        }));
        assertEquals("# HELP h_seconds H.\n# TYPE h_seconds histogram\n"
                + "h_seconds_bucket{le=\"0.5\"} 1\nh_seconds_bucket{le=\"+Inf\"} 2\nh_seconds_count 2\nh_seconds_sum 0.75\n"
                + "# HELP e_seconds E.\n# TYPE e_seconds histogram\n"
                + "e_seconds_bucket{le=\"+Inf\"} 0\ne_seconds_count 0\ne_seconds_sum 0\n", text);
    }

    @Test
    void unitLineOnlyWhenTheNameEndsWithTheUnit() {
        String om = openMetrics(List.of(sink -> {
            sink.gauge("queue_size", "Q.", "bytes", NONE, NONE, 1);
            sink.gauge("uptime_seconds", "U.", "seconds", NONE, NONE, 2);
            sink.gauge("weird_x", "W.", "x y", NONE, NONE, 3);
        }));
        assertFalse(om.contains("# UNIT queue_size"), om);
        assertTrue(om.contains("# UNIT uptime_seconds seconds\n"), om);
        assertFalse(om.contains("# UNIT weird_x"), om);
    }

    @Test
    void aFailingSourceDoesNotHideTheOthers() {
        long before = PrometheusExposition.failedCollections();
        String text = text(List.of(
                sink -> {
                    sink.gauge("before_failure", "B.", null, NONE, NONE, 1);
                    throw new IllegalStateException("broken source");
                },
                sink -> sink.gauge("after_failure", "A.", null, NONE, NONE, 2)));
        assertTrue(text.contains("before_failure 1\n"), text);
        assertTrue(text.contains("after_failure 2\n"), text);
        assertEquals(1, PrometheusExposition.failedCollections() - before);
    }

    @Test
    void missingHelpFallsBackToTheName() {
        assertEquals("# HELP q q\n# TYPE q gauge\nq 1\n",
                text(List.of(sink -> sink.gauge("q", null, null, null, null, 1))));
    }

    @Test
    void emptyExposition() {
        assertEquals("", text(List.of()));
        assertEquals("# EOF\n", openMetrics(List.of()));
    }

    @Test
    void negotiationFollowsQValuesAndSpecificity() {
        // Prometheus 2.x scrape header.
        assertTrue(PrometheusExposition.wantsOpenMetrics("application/openmetrics-text;version=1.0.0,"
                + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
        // Prometheus 3.x scrape header (protobuf first, which we do not serve).
        assertTrue(PrometheusExposition.wantsOpenMetrics("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                + "encoding=delimited;q=0.7,application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
                + "application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
                + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2"));
        assertTrue(PrometheusExposition.wantsOpenMetrics("application/openmetrics-text"));
        assertTrue(PrometheusExposition.wantsOpenMetrics("*/*, application/openmetrics-text"));
        assertTrue(PrometheusExposition.wantsOpenMetrics("text/plain;q=0.5, application/openmetrics-text;q=0.9"));
        assertTrue(PrometheusExposition.wantsOpenMetrics("APPLICATION/OPENMETRICS-TEXT; VERSION=\"1.0.0\""));

        assertFalse(PrometheusExposition.wantsOpenMetrics(null));
        assertFalse(PrometheusExposition.wantsOpenMetrics(""));
        assertFalse(PrometheusExposition.wantsOpenMetrics("*/*"));
        assertFalse(PrometheusExposition.wantsOpenMetrics("text/plain;version=0.0.4"));
        assertFalse(PrometheusExposition.wantsOpenMetrics("text/plain, application/openmetrics-text"));
        assertFalse(PrometheusExposition.wantsOpenMetrics("application/openmetrics-text;q=0.3, text/plain;q=0.6"));
        assertFalse(PrometheusExposition.wantsOpenMetrics("application/openmetrics-text;q=0"));
        assertFalse(PrometheusExposition.wantsOpenMetrics("application/openmetrics-text;version=2.0.0"));
        assertFalse(PrometheusExposition.wantsOpenMetrics("application/openmetrics-text;q=bogus"));

        assertEquals(PrometheusExposition.OPENMETRICS_CONTENT_TYPE, PrometheusExposition.contentType(true));
        assertEquals(PrometheusExposition.TEXT_CONTENT_TYPE, PrometheusExposition.contentType(false));
    }
}
