package dev.vitals.it.reactive;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Bytes that the server's event-loop threads ({@code reactor-http-*}) allocate per request, for a plain Reactor Netty
 * {@code HttpServer} route and a Spring WebFlux functional route (no Boot), each called over one kept-alive
 * connection from this JVM's main thread (whose allocation is not counted). Warms up with {@code args[0]} requests,
 * then measures {@code args[2]} rounds of {@code args[1]} requests and prints the smallest round:
 * {@code alloc reactor-netty B} and {@code alloc webflux B}, then {@code alloc done}. Uses no Vitals API.
 */
public final class AllocationApp {
    static final String ROUTE = "/api/orders/{id}";
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationApp() {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebFlux
    public static class WebFlux {
        @Bean
        public RouterFunction<ServerResponse> orders() {
            return RouterFunctions.route(RequestPredicates.GET(ROUTE),
                    request -> ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).bodyValue("ok"));
        }
    }

    public static void main(String[] args) throws Exception {
        int warmup = Integer.parseInt(args[0]);
        int perRound = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        byte[] ok = "ok".getBytes(StandardCharsets.US_ASCII);
        DisposableServer netty = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.get(ROUTE, (req, res) -> res.header("Content-Length", "2").sendByteArray(Mono.just(ok))))
                .bindNow();
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(WebFlux.class);
        HttpHandler handler = WebHttpHandlerBuilder.applicationContext(context).build();
        DisposableServer webFlux = HttpServer.create().host("127.0.0.1").port(0).handle(new ReactorHttpHandlerAdapter(handler))
                .bindNow();
        try {
            measure("reactor-netty", netty.port(), warmup, perRound, rounds);
            measure("webflux", webFlux.port(), warmup, perRound, rounds);
        } finally {
            netty.disposeNow();
            webFlux.disposeNow();
            context.close();
        }
        System.out.println("alloc done");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // the test reads the agent's /metrics, then stops this process
    }

    private static void measure(String name, int port, int warmup, int perRound, int rounds) throws IOException {
        byte[] request = ("GET /api/orders/12345 HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
            for (int i = 0; i < warmup; i++) {
                exchange(out, in, request);
            }
            double least = Double.MAX_VALUE;
            for (int r = 0; r < rounds; r++) {
                long before = eventLoopBytes();
                for (int i = 0; i < perRound; i++) {
                    exchange(out, in, request);
                }
                double perRequest = (eventLoopBytes() - before) / (double) perRound;
                System.out.printf(Locale.ROOT, "round %s %.1f%n", name, perRequest);
                least = Math.min(least, perRequest);
            }
            System.out.printf(Locale.ROOT, "alloc %s %.1f%n", name, least);
        }
    }

    /** Everything the server's event loops allocated so far (threads that ended are not counted; none do here). */
    private static long eventLoopBytes() {
        long[] ids = THREADS.getAllThreadIds();
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        long sum = 0;
        for (int i = 0; i < ids.length; i++) {
            java.lang.management.ThreadInfo info = THREADS.getThreadInfo(ids[i]);
            if (info != null && info.getThreadName().startsWith("reactor-http-") && bytes[i] > 0) {
                sum += bytes[i];
            }
        }
        return sum;
    }

    /** One request and its response, which must be a 200 with a body sized by Content-Length. */
    private static void exchange(OutputStream out, InputStream in, byte[] request) throws IOException {
        out.write(request);
        out.flush();
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed; read " + head);
            }
            head.append((char) c);
        }
        String text = head.toString().toLowerCase(Locale.ROOT);
        if (!text.startsWith("http/1.1 200")) {
            throw new IOException("not a 200: " + head);
        }
        int at = text.indexOf("content-length:");
        if (at < 0) {
            throw new IOException("no content-length: " + head);
        }
        int length = Integer.parseInt(text.substring(at + 15, text.indexOf('\r', at)).trim());
        for (int i = 0; i < length; i++) {
            if (in.read() < 0) {
                throw new IOException("body cut short");
            }
        }
    }
}
