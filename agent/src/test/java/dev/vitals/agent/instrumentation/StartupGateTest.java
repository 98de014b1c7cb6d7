package dev.vitals.agent.instrumentation;

import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartupGateTest {
    private static final byte[] ORIGINAL = {1, 2, 3};
    private static final byte[] TRANSFORMED = {9};

    private final AtomicInteger calls = new AtomicInteger();
    private final ClassFileTransformer real = new ClassFileTransformer() {
        @Override
        public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                                ProtectionDomain pd, byte[] bytes) {
            calls.incrementAndGet();
            return TRANSFORMED;
        }
    };

    private byte[] load(StartupGate gate, String name) throws Exception {
        return gate.transform(getClass().getModule(), getClass().getClassLoader(), name, null, null, ORIGINAL);
    }

    @Test
    void beforeInstallOrdinaryClassesLoadUnchangedAndDoNotWait() throws Exception {
        StartupGate gate = new StartupGate(Set.of("org/apache/catalina/connector/Connector"), 60_000);
        assertNull(load(gate, "com/example/Hello"));
        assertEquals(0, calls.get());
    }

    @Test
    void aHeldClassWaitsForTheInstallAndIsThenTransformed() throws Exception {
        StartupGate gate = new StartupGate(Set.of("org/apache/catalina/connector/Connector"), 60_000);
        CompletableFuture<byte[]> loading = CompletableFuture.supplyAsync(() -> {
            try {
                return load(gate, "org/apache/catalina/connector/Connector");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertFalse(loading.isDone(), "the server class waits while instrumentation installs");
        gate.delegate(real);
        gate.open();
        assertArrayEquals(TRANSFORMED, loading.get(30, TimeUnit.SECONDS));
        assertEquals(1, calls.get(), "transformed once, by the real transformer");
    }

    @Test
    void aHeldClassGoesOnOnceTheRealTransformerIsRegisteredBeforeTheInstallEnds() throws Exception {
        StartupGate gate = new StartupGate(Set.of("org/apache/catalina/connector/Connector"), 60_000);
        CompletableFuture<byte[]> loading = CompletableFuture.supplyAsync(() -> {
            try {
                return load(gate, "org/apache/catalina/connector/Connector");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        gate.delegate(real); // Byte Buddy registered its transformer; it still retransforms loaded classes (no open())
        assertArrayEquals(TRANSFORMED, loading.get(30, TimeUnit.SECONDS));
        assertEquals(1, calls.get(), "transformed once, by the real transformer");
    }

    @Test
    void whenAskedAHeldClassAlsoWaitsForTheFeaturesToBeWired() throws Exception {
        StartupGate gate = new StartupGate(Set.of("org/apache/catalina/connector/Connector"), 60_000);
        gate.awaitWiring();
        CompletableFuture<byte[]> loading = CompletableFuture.supplyAsync(() -> {
            try {
                return load(gate, "org/apache/catalina/connector/Connector");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        gate.delegate(real);
        assertThrows(TimeoutException.class, () -> loading.get(200, TimeUnit.MILLISECONDS),
                "registered but not wired: the server's first requests would find no recorder");
        gate.featuresWired();
        assertArrayEquals(TRANSFORMED, loading.get(30, TimeUnit.SECONDS));
        assertEquals(1, calls.get());
    }

    @Test
    void anInstallThatEndsWithoutATransformerStillLetsHeldClassesGoOnceWired() throws Exception {
        StartupGate gate = new StartupGate(Set.of("org/apache/catalina/connector/Connector"), 60_000);
        gate.awaitWiring();
        gate.featuresWired();
        gate.installEnded();
        assertNull(load(gate, "org/apache/catalina/connector/Connector"), "no transformer: the class loads unchanged");
    }

    @Test
    void theInstallingThreadNeverWaitsOnItsOwnGate() throws Exception {
        StartupGate gate = new StartupGate(Set.of("org/eclipse/jetty/server/Server"), 60_000);
        gate.installer(Thread.currentThread());
        assertNull(load(gate, "org/eclipse/jetty/server/Server"));
    }

    @Test
    void aWaitIsBoundedWhenTheInstallNeverCompletes() throws Exception {
        StartupGate gate = new StartupGate(Set.of("io/undertow/Undertow"), 50);
        assertNull(load(gate, "io/undertow/Undertow"), "after the bound the class loads unchanged");
    }

    @Test
    void aWebServersClassLoadingSaysAServerIsStartingAfterTheGateOpened() throws Exception {
        StartupGate gate = new StartupGate(Set.of(), Set.of("org/apache/catalina/connector/Connector"), 60_000);
        gate.open();
        load(gate, "com/example/Anything");
        assertFalse(gate.webServerLoaded(), "no server class loaded yet");
        load(gate, "org/apache/catalina/connector/Connector");
        assertTrue(gate.webServerLoaded());
    }

    private static final String CONNECTOR = "org/apache/catalina/connector/Connector";

    /** Loads {@code name} through the gate on a thread of its own, and returns once that thread waits in the gate. */
    private CompletableFuture<byte[]> loadWaiting(StartupGate gate, String name) throws Exception {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread loader = new Thread(() -> {
            try {
                result.complete(load(gate, name));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        loader.start();
        while (loader.getState() != Thread.State.TIMED_WAITING && !result.isDone()) {
            Thread.onSpinWait();
        }
        assertFalse(result.isDone(), name + " waits in the gate");
        return result;
    }

    @Test
    void premainsGateHoldsAClassAnyModuleMayHoldUntilTheConfigurationSaysItsModuleIsOff() throws Exception {
        StartupGate gate = StartupGate.unconfigured(Set.of(CONNECTOR), Set.of(CONNECTOR), 60_000);
        CompletableFuture<byte[]> loading = loadWaiting(gate, CONNECTOR);
        gate.configure(Set.of(), Set.of(), 60_000); // the servlet module is switched off
        assertNull(loading.get(30, TimeUnit.SECONDS), "not held: it loads unchanged without waiting for the install");
        assertFalse(gate.webServerLoaded(), "a server of a module that is off is not one whose start the agent sees");
    }

    @Test
    void premainsGateHoldsAClassOfAnEnabledModuleUntilTheInstallAndTheWiring() throws Exception {
        StartupGate gate = StartupGate.unconfigured(Set.of(CONNECTOR), Set.of(CONNECTOR), 60_000);
        gate.awaitWiring();
        CompletableFuture<byte[]> loading = loadWaiting(gate, CONNECTOR);
        gate.configure(Set.of(CONNECTOR), Set.of(CONNECTOR), 60_000);
        gate.delegate(real);
        assertFalse(loading.isDone(), "still waiting for the features to be wired");
        gate.featuresWired();
        assertArrayEquals(TRANSFORMED, loading.get(30, TimeUnit.SECONDS));
        assertTrue(gate.webServerLoaded());
    }

    @Test
    void premainsGateLetsEveryOtherClassLoadWithoutWaitingForTheConfiguration() throws Exception {
        StartupGate gate = StartupGate.unconfigured(Set.of(CONNECTOR), Set.of(CONNECTOR), 60_000);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertNull(load(gate, "com/example/Hello")));
        assertEquals(0, calls.get());
    }

    @Test
    void onceReadyEveryClassGoesToTheRealTransformer() throws Exception {
        StartupGate gate = new StartupGate(Set.of(), 60_000);
        gate.delegate(real);
        gate.open();
        assertArrayEquals(TRANSFORMED, load(gate, "com/example/Anything"));
        assertEquals(1, calls.get());
    }

    @Test
    void onceTheModulesHaveNamedTheirTypesOnlyThoseReachTheRealTransformer() throws Exception {
        StartupGate gate = new StartupGate(Set.of(), 60_000);
        CandidateTypes candidates = CandidateTypes.record();
        CandidateTypes.named("com.example.Advised");
        CandidateTypes.stopRecording();
        gate.candidates(candidates);
        gate.delegate(real);
        gate.open();
        assertArrayEquals(TRANSFORMED, load(gate, "com/example/Advised"));
        assertNull(load(gate, "com/example/Anything"), "kept from Byte Buddy");
        assertEquals(1, calls.get(), "the real transformer saw only the named class");
    }

    /** Reads the loading class's constants, as the servlet and JDBC matchers do. */
    static final class ConstantsMatcher implements Transformations.RawMatcher, CandidateTypes.HeaderMatcher {
        @Override
        public boolean matches(TypeDescription type, ClassLoader loader, Module module, Class<?> classBeingRedefined,
                               ProtectionDomain protectionDomain) {
            return false;
        }

        @Override
        public boolean mayMatch(String name, ClassLoader loader) {
            return TypeIndex.holdsConstantStartingWith(name, new byte[][] {{'x'}});
        }
    }

    @Test
    void aClassFileTheMatchersCannotReadIsLeftToTheRealTransformer() throws Exception {
        StartupGate gate = new StartupGate(Set.of(), 60_000);
        CandidateTypes candidates = CandidateTypes.record();
        CandidateTypes.byHeader(new ConstantsMatcher());
        CandidateTypes.stopRecording();
        gate.candidates(candidates);
        gate.delegate(real);
        gate.open();
        // ORIGINAL is three bytes, no class file: reading its constant pool throws, and the gate does not.
        assertArrayEquals(TRANSFORMED, load(gate, "com/example/Malformed"));
        assertEquals(1, calls.get());
    }
}
