package com.example.shop;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Keeps the shop busy at a modest rate from a few daemon threads: mostly browsing and orders, some cache
 * reads, and a steady trickle of slow pages, errors and misses. Every {@code outageEvery} it takes the
 * payment provider down for {@code outageLength}, so that failing payments and a circuit breaker can be
 * watched: orders call the provider through stripe-java about twice a second, so an outage gives the
 * 5 consecutive failures that open Vitals' breaker view within seconds, and the first order after its recovery
 * time (60 s by default, longer than the default 30 s outage) closes it again.
 */
final class TrafficGenerator {
    private static final int THREADS = 4;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final URI base;
    private final int requestsPerSecond;
    private final PaymentProvider provider;
    private final Duration outageEvery;
    private final Duration outageLength;
    private final List<Supplier<HttpRequest>> mix = new ArrayList<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();

    TrafficGenerator(URI base, int requestsPerSecond, boolean withCache, PaymentProvider provider,
                     Duration outageEvery, Duration outageLength) {
        this.base = base;
        this.requestsPerSecond = requestsPerSecond;
        this.provider = provider;
        this.outageEvery = outageEvery;
        this.outageLength = outageLength;
        // Each entry is one share of the traffic.
        add(6, () -> get("api/products"));
        add(5, () -> get("api/products/" + random(1, 6)));
        add(1, () -> get("api/products/" + random(100, 1000))); // 404
        add(3, () -> post("api/orders", "productId=" + random(1, 6) + "&quantity=" + random(1, 4)));
        add(1, () -> get("api/orders/" + random(1, 50)));
        if (withCache) {
            add(3, () -> get("api/cache/item-" + random(1, 20)));
        }
        add(1, () -> get("api/slow?ms=" + random(200, 1500)));
        add(1, () -> get("api/error"));
        add(1, () -> get("api/missing"));
    }

    void start() {
        for (int i = 0; i < THREADS; i++) {
            Thread t = new Thread(this::run, "traffic-" + i);
            t.setDaemon(true);
            t.start();
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "traffic-schedule");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleAtFixedRate(() -> {
            System.out.println("demo-shop traffic: " + sent.sumThenReset() + " requests in the last minute, "
                    + failed.sumThenReset() + " could not be sent");
        }, 1, 1, TimeUnit.MINUTES);
        if (!outageEvery.isZero()) {
            scheduler.scheduleAtFixedRate(() -> {
                System.out.println("demo-shop traffic: payment provider outage for " + outageLength.toSeconds()
                        + " s; watch the breaker open and, after its recovery time, close again:"
                        + " curl 'localhost:9715/health/circuit-breakers?service=stripe'");
                provider.outage(outageLength);
            }, outageEvery.toSeconds(), outageEvery.toSeconds(), TimeUnit.SECONDS);
        }
        System.out.println("demo-shop traffic: about " + requestsPerSecond + " requests/s"
                + (outageEvery.isZero() ? "" : ", payment outage of " + outageLength.toSeconds() + " s every "
                + outageEvery.toSeconds() + " s"));
    }

    private void run() {
        long periodNanos = TimeUnit.SECONDS.toNanos(1) * THREADS / requestsPerSecond;
        while (true) {
            long start = System.nanoTime();
            HttpRequest request = mix.get(ThreadLocalRandom.current().nextInt(mix.size())).get();
            try {
                http.send(request, HttpResponse.BodyHandlers.discarding());
                sent.increment();
            } catch (IOException e) {
                failed.increment();
            } catch (InterruptedException e) {
                return;
            }
            long left = periodNanos - (System.nanoTime() - start);
            if (left > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(left);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void add(int shares, Supplier<HttpRequest> request) {
        for (int i = 0; i < shares; i++) {
            mix.add(request);
        }
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(15)).GET().build();
    }

    private HttpRequest post(String path, String form) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
    }

    private static int random(int fromInclusive, int toExclusive) {
        return ThreadLocalRandom.current().nextInt(fromInclusive, toExclusive);
    }
}
