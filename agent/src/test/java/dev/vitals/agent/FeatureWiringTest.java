package dev.vitals.agent;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureWiringTest {
    /** A hook as the bootstrap classes have them: it holds the wiring its first call runs. */
    static final class Hook implements Consumer<Runnable> {
        final AtomicReference<Runnable> wiring = new AtomicReference<>();
        final AtomicInteger handed = new AtomicInteger();

        @Override
        public void accept(Runnable r) {
            wiring.set(r);
            handed.incrementAndGet();
        }

        /** What the hook does when its recorder is still the no-op. */
        void firstCall() {
            Runnable r = wiring.get();
            if (r != null) {
                r.run();
            }
        }
    }

    /** A feature that counts its wiring; it waits for its hook when {@code hook} is given. */
    static class Counted implements Feature {
        final AtomicInteger wired = new AtomicInteger();
        final Hook hook;
        final boolean waits;

        Counted(boolean waits, Hook hook) {
            this.waits = waits;
            this.hook = hook;
        }

        @Override
        public void wire(AgentContext context) {
            wired.incrementAndGet();
        }

        @Override
        public boolean waitsForStartOrFirstUse() {
            return waits;
        }

        @Override
        public List<Consumer<Runnable>> firstUseHooks() {
            return hook == null ? List.of() : List.of(hook);
        }
    }

    @Test
    void atPremainOnlyTheFeaturesThatCannotWaitAreWiredAndTheOthersAreHandedToTheirHooks() {
        Hook hook = new Hook();
        Counted requests = new Counted(false, null);
        Counted database = new Counted(true, hook);
        Counted health = new Counted(true, null);
        List<FeatureWiring> features = FeatureWiring.of(List.of(requests, database, health), null);

        FeatureWiring.wireAtPremain(features, true);

        assertEquals(1, requests.wired.get());
        assertTrue(features.get(0).wired());
        assertEquals(0, database.wired.get());
        assertFalse(features.get(1).wired());
        assertEquals(0, health.wired.get());
        assertNotNull(hook.wiring.get(), "the hook holds the database's wiring");
    }

    @Test
    void theHooksFirstCallWiresTheFeatureOnceAndClearsTheHook() {
        Hook hook = new Hook();
        Counted database = new Counted(true, hook);
        List<FeatureWiring> features = FeatureWiring.of(List.of(database), null);
        FeatureWiring.wireAtPremain(features, true);

        hook.firstCall();

        assertEquals(1, database.wired.get());
        assertTrue(features.get(0).wired());
        assertNull(hook.wiring.get(), "a wired feature's hook no longer asks");
        // Once the start is over, vitals-init wires what is left: this one was, so nothing happens.
        features.get(0).wire();
        assertEquals(1, database.wired.get());
    }

    @Test
    void whatWasNotUsedDuringTheStartIsWiredWhenItEnds() {
        Hook hook = new Hook();
        Counted cache = new Counted(true, hook);
        Counted stream = new Counted(true, null);
        List<FeatureWiring> features = FeatureWiring.of(List.of(cache, stream), null);
        FeatureWiring.wireAtPremain(features, true);

        for (FeatureWiring feature : features) {
            feature.wire();
        }

        assertEquals(1, cache.wired.get());
        assertEquals(1, stream.wired.get());
        assertNull(hook.wiring.get());
        hook.firstCall(); // a later first call finds nothing to do
        assertEquals(1, cache.wired.get());
    }

    @Test
    void attachedEveryFeatureIsWiredAtOnceAndNoHookIsHandedAWiring() {
        Hook hook = new Hook();
        Counted database = new Counted(true, hook);
        List<FeatureWiring> features = FeatureWiring.of(List.of(database), null);

        FeatureWiring.wireAtPremain(features, false);

        assertEquals(1, database.wired.get());
        assertNull(hook.wiring.get());
        assertEquals(1, hook.handed.get(), "only cleared, never handed a wiring");
    }

    @Test
    void aFeatureThatFailsToWireIsLeftOutAndItsHookStopsAsking() {
        Hook hook = new Hook();
        Counted broken = new Counted(true, hook) {
            @Override
            public void wire(AgentContext context) {
                wired.incrementAndGet();
                throw new IllegalStateException("broken on purpose");
            }
        };
        List<FeatureWiring> features = FeatureWiring.of(List.of(broken), null);
        FeatureWiring.wireAtPremain(features, true);

        hook.firstCall();
        hook.firstCall();
        features.get(0).wire();

        assertEquals(1, broken.wired.get(), "tried once");
        assertFalse(features.get(0).wired());
        assertNull(hook.wiring.get());
    }

    @Test
    void aHookCalledFromTheFeaturesOwnWiringDoesNotWireItAgain() {
        Hook hook = new Hook();
        Counted cache = new Counted(true, hook) {
            @Override
            public void wire(AgentContext context) {
                wired.incrementAndGet();
                hook.firstCall(); // as when installing one recorder initialises another hook
            }
        };
        List<FeatureWiring> features = FeatureWiring.of(List.of(cache), null);
        FeatureWiring.wireAtPremain(features, true);

        hook.firstCall();

        assertEquals(1, cache.wired.get());
        assertTrue(features.get(0).wired());
    }

    @Test
    void aSecondFirstCallWaitsUntilTheWiringIsDoneSoItsHookFindsTheRecorder() throws Exception {
        Hook hook = new Hook();
        CountDownLatch wiring = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Counted database = new Counted(true, hook) {
            @Override
            public void wire(AgentContext context) {
                wiring.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                wired.incrementAndGet();
            }
        };
        List<FeatureWiring> features = FeatureWiring.of(List.of(database), null);
        FeatureWiring.wireAtPremain(features, true);
        Runnable handed = hook.wiring.get();

        Thread first = new Thread(handed, "first-call");
        first.start();
        assertTrue(wiring.await(10, TimeUnit.SECONDS));
        AtomicInteger seenBySecond = new AtomicInteger(-1);
        Thread second = new Thread(() -> {
            handed.run();
            seenBySecond.set(database.wired.get());
        }, "second-call");
        second.start();
        // Released only once the second caller is either waiting for the wiring or (wrongly) done without it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (second.getState() != Thread.State.BLOCKED && second.getState() != Thread.State.TERMINATED
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        release.countDown();
        first.join(10_000);
        second.join(10_000);

        assertEquals(1, database.wired.get());
        assertEquals(1, seenBySecond.get(), "the second caller returned before the wiring was done");
    }
}
