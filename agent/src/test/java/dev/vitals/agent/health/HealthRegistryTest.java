package dev.vitals.agent.health;

import dev.vitals.agent.breaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Runs the registry on real threads; waits are for outcomes, never assertions on elapsed time. */
class HealthRegistryTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static HealthCheck check(String name, long interval, long timeout, CheckBody body) {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long intervalMillis() {
                return interval;
            }

            @Override
            public long timeoutMillis() {
                return timeout;
            }

            @Override
            public CheckResult run() throws Exception {
                return body.run();
            }
        };
    }

    interface CheckBody {
        CheckResult run() throws Exception;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(25);
        }
        fail("condition not reached in 5 s");
    }

    private static CheckState state(HealthRegistry registry, String name) {
        for (CheckState s : registry.snapshot()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no check " + name);
    }

    private static HealthRegistry started(HealthRegistry registry) {
        registry.start();
        return registry;
    }

    @Test
    void checksRegisteredBeforeTheStartRunFromTheStartOnAndLaterOnesAtOnce() throws Exception {
        java.util.concurrent.ScheduledThreadPoolExecutor schedule = new java.util.concurrent.ScheduledThreadPoolExecutor(1);
        try {
            HealthRegistry registry = new HealthRegistry(schedule, System::currentTimeMillis, 5, 60_000);
            AtomicInteger runs = new AtomicInteger();
            registry.register(check("pool", 60_000, 1000, () -> {
                runs.incrementAndGet();
                return CheckResult.healthy("ok");
            }), true);
            AtomicInteger replacedRuns = new AtomicInteger();
            registry.register(check("replaced", 60_000, 1000, () -> {
                replacedRuns.incrementAndGet();
                return CheckResult.healthy("first");
            }), false);
            registry.register(check("replaced", 60_000, 1000, () -> CheckResult.healthy("second")), false);
            // While the application starts, nothing is scheduled: no connection is taken, no thread started.
            assertEquals(0, schedule.getQueue().size() + schedule.getActiveCount() + schedule.getCompletedTaskCount());
            assertEquals(0, registry.threadsStarted());
            registry.start();
            await(() -> state(registry, "pool").status() == HealthStatus.HEALTHY);
            await(() -> state(registry, "replaced").status() == HealthStatus.HEALTHY);
            assertEquals("second", state(registry, "replaced").result().message());
            registry.register(check("later", 60_000, 1000, () -> CheckResult.healthy("ok")), false);
            await(() -> state(registry, "later").status() == HealthStatus.HEALTHY);
            assertEquals(1, runs.get());
            assertEquals(0, replacedRuns.get(), "a check replaced before the start never runs");
        } finally {
            schedule.shutdownNow();
        }
    }

    @Test
    void hangingCheckTimesOutAndDoesNotBlockOthers() throws Exception {
        HealthRegistry registry = started(new HealthRegistry(scheduler, System::currentTimeMillis, 5, 60_000));
        CountDownLatch never = new CountDownLatch(1);
        registry.register(check("hangs", 60_000, 100, () -> {
            never.await();
            return CheckResult.healthy("unreachable");
        }), true);
        registry.register(check("fine", 60_000, 1000, () -> CheckResult.healthy("ok")), false);
        await(() -> state(registry, "hangs").status() == HealthStatus.UNHEALTHY);
        assertTrue(state(registry, "hangs").result().message().contains("timed out after 100 ms"));
        await(() -> state(registry, "fine").status() == HealthStatus.HEALTHY);
        assertEquals(HealthStatus.UNHEALTHY, HealthService.aggregate(registry.snapshot()));
        assertEquals(2, registry.threadsStarted(), "the hanging check holds one worker; the other got a second");
    }

    @Test
    void checksThatAnswerShareOneWorkerThread() throws Exception {
        HealthRegistry registry = started(new HealthRegistry(scheduler, System::currentTimeMillis, 5, 60_000));
        List<Thread> ranOn = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (String name : List.of("a", "b", "c", "d", "e", "f")) {
            registry.register(check(name, 60_000, 1000, () -> {
                ranOn.add(Thread.currentThread());
                return CheckResult.healthy("ok");
            }), false);
            await(() -> state(registry, name).status() == HealthStatus.HEALTHY);
            Thread worker = ranOn.get(ranOn.size() - 1);
            // Idle: back in the pool, waiting for the next run (not merely done with this one).
            await(() -> worker.getState() == Thread.State.TIMED_WAITING);
        }
        assertEquals(6, ranOn.size());
        assertEquals(1, new java.util.HashSet<>(ranOn).size(), "every run on the one idle worker: " + ranOn);
        assertEquals(1, registry.threadsStarted());
    }

    @Test
    void breakerStopsRunningAFailingCheck() throws Exception {
        HealthRegistry registry = started(new HealthRegistry(scheduler, System::currentTimeMillis, 3, 60_000));
        AtomicInteger runs = new AtomicInteger();
        registry.register(check("down", 20, 1000, () -> {
            runs.incrementAndGet();
            throw new java.net.ConnectException("Connection refused");
        }), false);
        await(() -> state(registry, "down").breaker() == CircuitBreaker.State.OPEN);
        int atOpen = runs.get();
        Thread.sleep(300);
        assertEquals(atOpen, runs.get(), "no run while the breaker is open");
        CheckState s = state(registry, "down");
        assertTrue(s.result().message().contains("circuit open"), s.result().message());
        assertTrue(s.lastError().contains("Connection refused"));
        assertEquals(HealthStatus.DEGRADED, HealthService.aggregate(List.of(s)), "non-critical failure only degrades");
    }

    @Test
    void exceptionMessagesAreRedacted() throws Exception {
        HealthRegistry registry = started(new HealthRegistry(scheduler, System::currentTimeMillis, 5, 60_000));
        registry.register(check("db", 60_000, 1000, () -> {
            throw new IllegalStateException("cannot connect to jdbc:postgresql://app:hunter2@db:5432/x password=hunter2");
        }), true);
        await(() -> state(registry, "db").status() == HealthStatus.UNHEALTHY);
        String message = state(registry, "db").result().message();
        assertTrue(!message.contains("hunter2") && message.contains("****"), message);
    }

    /** A closed pool's check that failed while the pool closed: gone from every answer before anyone unregisters it. */
    @Test
    void retiredCheckIsLeftOutWhateverItsLastResult() throws Exception {
        HealthRegistry registry = started(new HealthRegistry(scheduler, System::currentTimeMillis, 5, 60_000));
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        registry.register(new HealthCheck() {
            @Override
            public String name() {
                return "database:orders";
            }

            @Override
            public boolean retired() {
                return closed.get();
            }

            @Override
            public long intervalMillis() {
                return 60_000;
            }

            @Override
            public CheckResult run() throws Exception {
                throw new java.sql.SQLException("Data source is closed");
            }
        }, true);
        await(() -> state(registry, "database:orders").status() == HealthStatus.UNHEALTHY);
        assertEquals(HealthStatus.UNHEALTHY, HealthService.aggregate(registry.snapshot()));
        closed.set(true);
        assertTrue(registry.snapshot().isEmpty(), registry.snapshot().toString());
        assertEquals(HealthStatus.HEALTHY, HealthService.aggregate(registry.snapshot()));
    }

    @Test
    void staleResultShowsDegradedWithReason() throws Exception {
        long[] clock = {System.currentTimeMillis()};
        HealthRegistry registry = started(new HealthRegistry(scheduler, () -> clock[0], 5, 60_000));
        registry.register(check("slowpoke", 60_000, 1000, () -> CheckResult.healthy("ok")), false);
        await(() -> state(registry, "slowpoke").status() == HealthStatus.HEALTHY);
        clock[0] += TimeUnit.MINUTES.toMillis(10);
        CheckState s = state(registry, "slowpoke");
        assertEquals(HealthStatus.DEGRADED, s.status());
        assertTrue(s.result().message().startsWith("stale"), s.result().message());
    }
}
