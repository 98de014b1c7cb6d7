package dev.vitals.it.reactive;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

import java.time.Duration;

/**
 * A plain Reactor Netty {@code HttpServer} (no Spring), run in the child JVM with the agent. Its {@code /call/{id}}
 * route calls the backend on {@code args[0]} through a plain Reactor Netty {@code HttpClient}. Prints
 * {@code netty app port N} once bound. Uses no Vitals API.
 */
public final class NettyApp {
    private NettyApp() {
    }

    public static void main(String[] args) {
        HttpClient client = HttpClient.create().baseUrl("http://127.0.0.1:" + args[0]);
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .get("/orders/{id}", (req, res) -> res.sendString(Mono.just("order " + req.param("id"))))
                        .get("/hello/{name}", (req, res) -> res.sendString(Mono.just("hello " + req.param("name"))))
                        .get("/boom", (req, res) -> res.sendString(Mono.just("x").map(v -> {
                            throw new IllegalStateException("failed inside the chain");
                        })))
                        .get("/ticks", (req, res) -> res.sendString(
                                Flux.range(0, 4).delayElements(Duration.ofMillis(200)).map(i -> "tick " + i + "\n")))
                        .get("/call/{id}", (req, res) -> res.sendString(client.get().uri("/backend/" + req.param("id"))
                                .responseContent().aggregate().asString())))
                .bindNow();
        System.out.println("netty app port " + server.port());
        server.onDispose().block();
    }
}
