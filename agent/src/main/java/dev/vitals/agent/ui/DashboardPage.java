package dev.vitals.agent.ui;

import dev.vitals.agent.web.EndpointGroup;
import dev.vitals.exporter.Access;
import dev.vitals.exporter.HttpError;
import dev.vitals.exporter.HttpExporter;
import dev.vitals.exporter.Request;
import dev.vitals.exporter.Response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code GET /}: the live dashboard page, and {@code GET /ui/<file>}: its script, style sheet and the uPlot
 * chart library, all served from the agent jar (no internet access needed). The page itself holds no data: it
 * reads everything from {@code WS /metrics/stream}, so it is public while the stream follows the access rule.
 *
 * <p>The files live under {@code dev/vitals/ui/} on the agent's class path (in the jar, under
 * {@code dev/vitals/inst/}, which only the agent's class loader reads); uPlot is unpacked there from its
 * Maven Central webjar at build time. Each file is read once and kept. Thread-safe.
 */
public final class DashboardPage implements EndpointGroup {
    static final String BASE = "dev/vitals/ui/";
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "txt", "text/plain; charset=utf-8",
            "svg", "image/svg+xml");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    @Override
    public void register(HttpExporter.Builder http) {
        http.route("GET", "/", Access.OPEN, r -> serve("index.html"));
        http.route("GET", "/ui/{file}", Access.OPEN, this::file);
    }

    private Response file(Request request) throws IOException {
        String name = request.pathParam("file");
        if (!FILE.matcher(name).matches() || name.contains("..") || "index.html".equals(name)) {
            throw HttpError.notFound("no dashboard file " + name);
        }
        return serve(name);
    }

    Response serve(String name) throws IOException {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        String type = TYPES.get(extension);
        byte[] body = type == null ? null : load(name);
        if (body == null) {
            throw HttpError.notFound("no dashboard file " + name);
        }
        return Response.bytes(200, type, body)
                // The page changes with the agent version; always revalidate rather than show a stale one.
                .header("Cache-Control", "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'self'; connect-src 'self' ws: wss:; "
                        + "img-src 'self' data:; style-src 'self' 'unsafe-inline'");
    }

    private byte[] load(String name) throws IOException {
        byte[] cached = cache.get(name);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = DashboardPage.class.getClassLoader().getResourceAsStream(BASE + name)) {
            if (in == null) {
                return null;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            byte[] bytes = out.toByteArray();
            cache.put(name, bytes);
            return bytes;
        }
    }
}
