package dev.vitals.agent.instrumentation;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets premain return at once while instrumentation is installed on a background thread.
 *
 * <p>This is the one transformer registered with the JVM. Until the real transformer ({@link AgentTransformer}) is ready,
 * classes load unchanged and are retransformed later, which is enough for methods that run again and again
 * (servlets, statements). A few classes have a method that runs once, early, and matters: a server's start,
 * which readiness waits for. A thread loading one of those {@linkplain #held held} classes waits here, for at
 * most {@code maxWaitMillis}, until that transformer is registered and, when premain asked for it
 * ({@link #awaitWiring()}), the features are wired, so the one call is not missed and the server's first requests
 * find their recorders. Hello World loads none of them and never waits.
 *
 * <p>At premain the gate is registered before the configuration is read ({@link #unconfigured}): reading it is
 * work for the background thread, not the application's. Until {@link #configure} says which modules are enabled,
 * a class that any module might hold waits for that first.
 *
 * <p>Once ready, every call goes to the real transformer, with the class's bytes handed to {@link TypeIndex} so
 * that matchers read its header from them instead of parsing or locating it.
 */
public final class StartupGate implements ClassFileTransformer {
    /** The default of {@code instrumentation.startup.wait}, and the longest a class waits for the configuration. */
    public static final long DEFAULT_WAIT_MILLIS = 10_000L;

    private volatile Set<String> held;
    /** Internal names of the web servers whose start the agent sees; one loading means a server is starting. */
    private volatile Set<String> webServers;
    private volatile boolean webServerLoaded;
    private volatile long maxWaitMillis;
    /** Open once {@link #held} and {@link #webServers} are those of the enabled modules. */
    private final CountDownLatch configured;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile ClassFileTransformer delegate;
    /** The agent's transformer is registered, or will not be. */
    private volatile boolean registered;
    /** The features are wired (their recorders are in their hooks), or nobody waits for that. */
    private volatile boolean wired = true;
    private volatile Thread installer;
    /** What the modules may advise, once they are installed; until then every class goes to the transformer. */
    private volatile CandidateTypes candidates;
    private final long created = System.nanoTime();

    /**
     * @param held          internal names ({@code org/apache/catalina/connector/Connector}) of classes whose
     *                      loading waits for instrumentation
     * @param maxWaitMillis the longest a class load waits
     */
    public StartupGate(Set<String> held, long maxWaitMillis) {
        this(held, Set.of(), maxWaitMillis);
    }

    /** @param webServers internal names of the web server classes whose loading {@link #webServerLoaded} reports */
    public StartupGate(Set<String> held, Set<String> webServers, long maxWaitMillis) {
        this(held, webServers, maxWaitMillis, new CountDownLatch(0));
    }

    private StartupGate(Set<String> held, Set<String> webServers, long maxWaitMillis, CountDownLatch configured) {
        this.held = held;
        this.webServers = webServers;
        this.maxWaitMillis = maxWaitMillis;
        this.configured = configured;
    }

    /**
     * A gate for premain, before the configuration is read: a class of {@code mayHold} (what any module could hold)
     * waits, at most {@code maxWaitMillis}, for {@link #configure} before the gate decides whether it is held.
     */
    public static StartupGate unconfigured(Set<String> mayHold, Set<String> mayBeWebServers, long maxWaitMillis) {
        return new StartupGate(mayHold, mayBeWebServers, maxWaitMillis, new CountDownLatch(1));
    }

    /** The held classes and web servers of the enabled modules, and the configured longest wait. */
    public void configure(Set<String> held, Set<String> webServers, long maxWaitMillis) {
        this.held = held;
        this.webServers = webServers;
        this.maxWaitMillis = maxWaitMillis;
        configured.countDown();
    }

    /** Whether a web server's class has loaded: the application has a server that is starting or has started. */
    public boolean webServerLoaded() {
        return webServerLoaded;
    }

    /** The thread that installs instrumentation; its own class loads never wait. */
    void installer(Thread thread) {
        this.installer = thread;
    }

    /**
     * Called when the install registers its transformer (through {@link GatedInstrumentation}). Held classes go on at
     * once: from now on they are transformed as they load, while the install still retransforms the classes loaded
     * before, which a waiting server start does not need.
     */
    void delegate(ClassFileTransformer transformer) {
        this.delegate = transformer;
        if (transformer != null) {
            if (dev.vitals.agent.log.Log.enabled(dev.vitals.agent.log.Log.Level.DEBUG)) {
                dev.vitals.agent.log.Log.debug("transformer registered " + (System.nanoTime() - created) / 1_000_000
                        + " ms after premain");
            }
            registered = true;
            releaseWhenReady();
        }
    }

    /** Held classes also wait for {@link #featuresWired()}: premain wires the features beside the install. */
    public void awaitWiring() {
        wired = false;
    }

    /** The features are wired: once the transformer is registered too, held classes go on. */
    public void featuresWired() {
        if (dev.vitals.agent.log.Log.enabled(dev.vitals.agent.log.Log.Level.DEBUG)) {
            dev.vitals.agent.log.Log.debug("features wired " + (System.nanoTime() - created) / 1_000_000
                    + " ms after premain");
        }
        wired = true;
        releaseWhenReady();
    }

    /** The install ended, with or without a registered transformer: held classes no longer wait for it. */
    void installEnded() {
        registered = true;
        releaseWhenReady();
    }

    private void releaseWhenReady() {
        if (registered && wired) {
            ready.countDown();
        }
    }

    /** The types the installed modules may advise: from now on, only these reach the transformer. */
    void candidates(CandidateTypes recorded) {
        this.candidates = recorded;
    }

    /** The types the installed modules may advise, or null before they are installed. */
    CandidateTypes candidates() {
        return candidates;
    }

    /** A class whose header cannot be read (a malformed class file) is left to Byte Buddy, as before the install. */
    private static boolean mayMatch(CandidateTypes candidates, String name, ClassLoader loader) {
        try {
            return candidates == null || candidates.mayMatch(name, loader);
        } catch (Throwable unreadable) {
            return true;
        }
    }

    /** Start-up failed or is over: waiting class loads go on, whatever is still missing. */
    public void open() {
        configured.countDown();
        ready.countDown();
    }

    private void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(maxWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) throws IllegalClassFormatException {
        boolean mayWait = ready.getCount() > 0 && className != null && held.contains(className)
                && Thread.currentThread() != installer;
        if (mayWait) {
            awaitQuietly(configured); // at once, unless premain's gate is still waiting for the configuration
        }
        if (!webServerLoaded && className != null && webServers.contains(className)) {
            webServerLoaded = true;
        }
        if (mayWait && held.contains(className)) {
            long waitStarted = System.nanoTime();
            awaitQuietly(ready);
            long waited = System.nanoTime() - waitStarted;
            if (dev.vitals.agent.log.Log.enabled(dev.vitals.agent.log.Log.Level.DEBUG)) {
                dev.vitals.agent.log.Log.debug(className + " waited " + waited / 1_000_000 + " ms for instrumentation");
            }
        }
        ClassFileTransformer d = delegate;
        if (d == null || className == null) {
            return null;
        }
        String name = className.replace('/', '.');
        if (IgnoredTypes.ignored(name)) {
            // The real transformer would ignore the class as its first check: skip its set-up for it.
            return null;
        }
        long started = MatchCounters.start();
        Object outer = TypeIndex.begin(className, classfileBuffer);
        byte[] transformed = null;
        boolean candidate = true;
        try {
            // The transformer describes every class it is handed (a parse of its whole structure): hand it only those a
            // module may advise, decided from the name and the header.
            candidate = mayMatch(candidates, name, loader);
            if (!candidate) {
                MatchCounters.keptFromByteBuddy(started);
            }
            if (candidate || MatchCounters.ENABLED) {
                transformed = d.transform(module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
            }
            return transformed;
        } finally {
            TypeIndex.end(outer);
            MatchCounters.classSeen(started, candidate, transformed != null);
        }
    }
}
