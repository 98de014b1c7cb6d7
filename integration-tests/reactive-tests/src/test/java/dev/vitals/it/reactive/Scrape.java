package dev.vitals.it.reactive;

import dev.vitals.it.AgentProcess;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One {@code /metrics} exposition of the child's agent, read by family name and a subset of labels. */
final class Scrape {
    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)} (\\S+)$");

    final String text;

    Scrape(AgentProcess app) {
        this.text = app.get("/metrics").body();
    }

    /** The sum of the samples of {@code name} whose labels contain every {@code label="value"} pair given. */
    double sum(String name, String... pairs) {
        double total = 0;
        Matcher m = SAMPLE.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(name) && hasAll(m.group(2), pairs)) {
                total += Double.parseDouble(m.group(3));
            }
        }
        return total;
    }

    /** The number of requests on {@code route} answered with {@code status}. */
    long requests(String route, int status) {
        return (long) sum("http_server_request_duration_seconds_count", "http_route", route,
                "http_response_status_code", String.valueOf(status));
    }

    long allRequests() {
        return (long) sum("http_server_request_duration_seconds_count");
    }

    /** The HTTP samples, for failure messages. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.startsWith("http_")) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }

    private static boolean hasAll(String labels, String[] pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (!labels.contains(pairs[i] + "=\"" + pairs[i + 1] + "\"")) {
                return false;
            }
        }
        return true;
    }
}
