package example;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A tiny web application of its own (the JDK's HTTP server on a free loopback port, {@code GET /app}), so a test
 * can check that the application keeps serving while its agent's listener is under attack. Prints
 * {@code app port=<port>}; exits by itself after the seconds in its first argument (default 120).
 */
public final class WebApp {
    private WebApp() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 120;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/app", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("app port=" + server.getAddress().getPort());
        Thread.sleep(seconds * 1000);
        server.stop(0);
        System.exit(0);
    }
}
