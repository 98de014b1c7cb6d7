package dev.vitals.it.reactive;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/**
 * A small Spring Boot WebFlux application on Reactor Netty, run in the child JVM with the agent. Arguments:
 * {@code --server.port=N --backend.port=B --down.port=D}, and {@code --spring.autoconfigure.exclude=} {@link #TOMCAT}
 * or {@link #NETTY} to choose the server (both are on the class path). Uses no Vitals API.
 */
@SpringBootApplication
public class WebFluxApp {
    /** Auto-configurations to exclude so that the application runs on Reactor Netty, or on Tomcat. */
    static final String TOMCAT = "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration";
    static final String NETTY = "org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration";

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(WebFluxApp.class);
        app.setDefaultProperties(java.util.Map.of("spring.main.banner-mode", "off", "logging.level.root", "warn"));
        app.run(args);
        System.out.println("webflux app started");
    }

    /** A functional route beside the annotated ones. */
    @Bean
    RouterFunction<ServerResponse> items() {
        return route(GET("/fn/items/{id}"), request -> ServerResponse.ok().bodyValue("item " + request.pathVariable("id")));
    }

    /**
     * An API-key filter as applications write them: it resolves the caller's organisation and leaves it in the
     * exchange attribute {@code tenant} for the handlers (the agent's {@code tenant.attribute}).
     */
    @Bean
    WebFilter apiKeys() {
        return (exchange, chain) -> {
            String key = exchange.getRequest().getHeaders().getFirst("X-Api-Key");
            if ("key-globex".equals(key)) {
                exchange.getAttributes().put("tenant", "globex");
            }
            return chain.filter(exchange);
        };
    }

    @Bean(destroyMethod = "shutdown")
    RedisClient redisClient(org.springframework.core.env.Environment env) {
        return RedisClient.create(env.getProperty("redis.uri", "redis://127.0.0.1:6379"));
    }

    @Bean
    RedisReactiveCommands<String, String> redis(RedisClient client) {
        return client.connect().reactive();
    }

    @RestController
    static class Routes {
        private final RedisReactiveCommands<String, String> redis;
        private final WebClient backend;
        private final WebClient down;

        Routes(RedisReactiveCommands<String, String> redis, org.springframework.core.env.Environment env) {
            this.redis = redis;
            this.backend = WebClient.create("http://127.0.0.1:" + env.getProperty("backend.port"));
            this.down = WebClient.create("http://127.0.0.1:" + env.getProperty("down.port"));
        }

        @GetMapping("/owners/{ownerId}")
        Mono<String> owner(@PathVariable("ownerId") String ownerId) {
            return Mono.just("owner " + ownerId);
        }

        @GetMapping("/accounts/{id}")
        Mono<String> account(@PathVariable("id") String id) {
            return Mono.just("account " + id);
        }

        @GetMapping("/missing/{id}")
        Mono<ResponseEntity<String>> missing(@PathVariable("id") String id) {
            return Mono.just(ResponseEntity.status(HttpStatus.NOT_FOUND).body("no " + id));
        }

        /** An error thrown inside the reactive chain, after the handler returned. */
        @GetMapping("/fail/{id}")
        Mono<String> fail(@PathVariable("id") String id) {
            return Mono.just(id).map(v -> {
                throw new IllegalStateException("failed inside the chain: " + v);
            });
        }

        @GetMapping("/slow")
        Mono<String> slow() {
            return Mono.delay(Duration.ofMillis(700)).map(t -> "slow");
        }

        /** The head goes out at once; the response ends after five events, 200 ms apart. */
        @GetMapping(value = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
        Flux<String> stream() {
            return Flux.range(0, 5).delayElements(Duration.ofMillis(200)).map(i -> "tick " + i);
        }

        /** Two reactive Lettuce commands subscribed in the request, then a delay that makes it a slow request. */
        @GetMapping("/redis/{key}")
        Mono<String> redis(@PathVariable("key") String key) {
            return Mono.zip(redis.incr("vitals:reactive:" + key), redis.incr("vitals:reactive:other"))
                    .delayElement(Duration.ofMillis(600))
                    .map(t -> "counted " + t.getT1());
        }

        @GetMapping("/proxy/{id}")
        Mono<String> proxy(@PathVariable("id") String id) {
            return backend.get().uri("/backend/" + id).retrieve().bodyToMono(String.class);
        }

        /** A WebClient call subscribed in the request, then a delay that makes it a slow request. */
        @GetMapping("/proxy-slow/{id}")
        Mono<String> proxySlow(@PathVariable("id") String id) {
            return backend.get().uri("/backend/" + id).retrieve().bodyToMono(String.class).delayElement(Duration.ofMillis(600));
        }

        @GetMapping("/proxy-down")
        Mono<ResponseEntity<String>> proxyDown() {
            return down.get().uri("/nothing").retrieve().bodyToMono(String.class)
                    .map(ResponseEntity::ok)
                    .onErrorResume(e -> Mono.just(ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(e.toString())));
        }
    }
}
