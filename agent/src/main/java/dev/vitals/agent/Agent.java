package dev.vitals.agent;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.ConfigLoader;
import dev.vitals.agent.alerts.AlertsFeature;
import dev.vitals.agent.cache.CacheFeature;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.database.DatabaseFeature;
import dev.vitals.agent.health.HealthFeature;
import dev.vitals.agent.history.HistoryFeature;
import dev.vitals.agent.instrumentation.Instrumentations;
import dev.vitals.agent.instrumentation.StartupGate;
import dev.vitals.agent.jvm.JvmFeature;
import dev.vitals.agent.log.Log;
import dev.vitals.agent.requests.RequestsFeature;
import dev.vitals.agent.services.ServicesFeature;
import dev.vitals.agent.stream.StreamFeature;
import dev.vitals.agent.web.Endpoints;
import dev.vitals.bootstrap.Vitals;
import dev.vitals.exporter.HttpExporter;
import dev.vitals.exporter.TlsFiles;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.BindException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * The agent proper, started by {@code dev.vitals.launcher.Launcher} inside the agent's own class loader.
 *
 * <p>On the application's main thread premain only registers a {@link StartupGate}. The configuration,
 * instrumentation (Byte Buddy), the listener, the scheduler and everything else start on the daemon thread
 * {@code vitals-init}, so the application's {@code main} is not delayed; classes it loads meanwhile are
 * retransformed. At attach, instrumentation is installed on the attaching thread.
 *
 * <p>The lifecycle, in order: the {@link AgentContext}; the {@link Feature}s of {@link #features()} wired (recorders
 * into their hooks, endpoints, metrics sources; on one core only those that record the start, the others handed to
 * their hooks, whose first call wires them); instrumentation installed (modules only add advice); the rotation tick and what records the
 * application's start; then, once that start is over (class loading quiet, at most {@code exporter.start.wait}), the
 * features not wired yet wired, every feature started, and the listener, which registers every feature's endpoints.
 */
public final class Agent {
    private Agent() {
    }

    public static void start(File jar, String args, Instrumentation inst, boolean attached) {
        if (attached) {
            attach(jar, args, inst);
            return;
        }
        // premain, on the application's main thread: only what must come before the application's first class. The
        // configuration is read on vitals-init, from a copy of the system properties as they are now.
        Properties systemProperties = (Properties) System.getProperties().clone();
        JBossModules.exposeBootstrap(inst, false);
        StartupGate gate = Instrumentations.gate(inst);
        gate.awaitWiring();
        Thread init = new Thread(new Init(jar, args, systemProperties, inst, gate), "vitals-init");
        init.setDaemon(true);
        init.start();
    }

    private static void attach(File jar, String args, Instrumentation inst) {
        Config config = readConfig(args, System.getProperties());
        if (config == null || !bootstrapInBootLoader(jar, inst)) {
            return;
        }
        JBossModules.exposeBootstrap(inst, true);
        AgentContext context = createContext(config);
        List<FeatureWiring> features = wire(context, false);
        Instrumentations.install(config, inst, true);
        // The application is running already: nothing to wait for.
        Thread init = new Thread(() -> startBackground(context, features, 0, () -> false), "vitals-init");
        init.setDaemon(true);
        init.start();
        Log.info("attached to running JVM " + ProcessHandle.current().pid());
    }

    /**
     * The configuration, with its warnings logged; null, with one log line, when {@code strict=true} and there are
     * warnings, and the agent must not start.
     */
    private static Config readConfig(String args, Properties systemProperties) {
        Config config = ConfigLoader.load(args, System.getenv(), systemProperties);
        Log.configure(config.get(Keys.LOG_LEVEL), config.get(Keys.LOG_FILE));
        for (String warning : config.warnings()) {
            Log.warn(warning);
        }
        if (config.get(Keys.STRICT) && !config.warnings().isEmpty()) {
            Log.error("strict=true and the configuration has " + config.warnings().size()
                    + " warning(s): the agent is not started; the application runs without it");
            return null;
        }
        return config;
    }

    /**
     * What premain hands to {@code vitals-init}: everything but registering the gate, Byte Buddy first, set up while
     * the application starts. A class rather than a lambda: the JVM's first lambda costs a few milliseconds to link,
     * which premain would pay on the application's main thread.
     */
    private static final class Init implements Runnable {
        private final File jar;
        private final String args;
        private final Properties systemProperties;
        private final Instrumentation inst;
        private final StartupGate gate;

        Init(File jar, String args, Properties systemProperties, Instrumentation inst, StartupGate gate) {
            this.jar = jar;
            this.args = args;
            this.systemProperties = systemProperties;
            this.inst = inst;
            this.gate = gate;
        }

        @Override
        public void run() {
            try {
                Config config = readConfig(args, systemProperties);
                if (config == null) {
                    inst.removeTransformer(gate);
                    gate.open();
                    return;
                }
                Instrumentations.configure(gate, config);
                // Before anything here touches dev.vitals.bootstrap: the wiring, the install and every advice do.
                if (!bootstrapInBootLoader(jar, inst)) {
                    gate.open();
                    return;
                }
                // A held server class waits for both the install and the wiring; neither needs the other (the
                // modules only read the configuration), so they run side by side and the wait is the longer one.
                // The context is made on vitals-wire too: the install, which a held class waits for, starts at once.
                FutureTask<Wired> wiring = new FutureTask<>(() -> {
                    try {
                        AgentContext context = createContext(config);
                        return new Wired(context, wire(context, wiresWhenUsed()));
                    } finally {
                        gate.featuresWired();
                        // Then, while the install goes on, the first weaving's class loading, off the thread
                        // that would otherwise pay it when the server's first class is transformed (measured
                        // better here than on a thread of its own from the start, which competed with the install).
                        Instrumentations.warmUpWeaving(config, inst.getAllLoadedClasses());
                    }
                });
                Thread wirer = new Thread(wiring, "vitals-wire");
                wirer.setDaemon(true);
                wirer.start();
                Instrumentations.installBehind(gate, config, inst);
                Wired wired = wiring.get();
                startBackground(wired.context, wired.features, config.get(Keys.EXPORTER_START_WAIT),
                        gate::webServerLoaded);
                logInitCost();
            } catch (Throwable t) {
                gate.open();
                Log.error("the agent failed to start; the application is unaffected", t);
            }
        }
    }

    /**
     * Puts the bootstrap API ({@code dev.vitals.bootstrap}), which advice inlined into any class calls, in the boot
     * loader, the one loader every class sees: defined there class by class, or, when the JDK refuses that, with the
     * agent jar appended to the boot class path (which costs class-data sharing outside the boot loader). At
     * premain this runs on {@code vitals-init}: defining some 200 classes cost ~30 ms of the application's main
     * thread. Returns false, with one log line, when neither worked and the agent cannot record.
     */
    private static boolean bootstrapInBootLoader(File jar, Instrumentation inst) {
        try {
            JarFile jarFile = new JarFile(jar, false);
            if (BootstrapInjector.inject(inst, jarFile)) {
                jarFile.close();
            } else {
                inst.appendToBootstrapClassLoaderSearch(jarFile);
            }
            return true;
        } catch (Throwable t) {
            Log.error("the bootstrap classes could not be put in the boot loader; the agent is not started and the"
                    + " application runs without it", t);
            return false;
        }
    }

    /** The context and the features wired into it, handed from {@code vitals-wire} to {@code vitals-init}. */
    private static final class Wired {
        final AgentContext context;
        final List<FeatureWiring> features;

        Wired(AgentContext context, List<FeatureWiring> features) {
            this.context = context;
            this.features = features;
        }
    }

    /** At debug: what starting the agent cost its own thread, for anyone asking why a start is slow. */
    private static void logInitCost() {
        if (Log.enabled(Log.Level.DEBUG)) {
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long allocated = threads instanceof com.sun.management.ThreadMXBean
                    ? ((com.sun.management.ThreadMXBean) threads).getThreadAllocatedBytes(Thread.currentThread().getId()) : -1;
            Log.debug("started on vitals-init in " + threads.getCurrentThreadCpuTime() / 1_000_000 + " ms CPU, "
                    + allocated / 1024 + " KB allocated");
        }
    }

    private static AgentContext createContext(Config config) {
        AgentContext context = new AgentContext(config, Version.get());
        Vitals.setFailureListener((instrumentation, t) ->
                Log.warnRateLimited("failure:" + instrumentation, "recording failed in " + instrumentation
                        + "; the application is unaffected", t));
        return context;
    }

    /**
     * Every feature, in start order, and in wiring order among those wired at the same step (a feature that waits for
     * the start or its first use comes after the ones wired at premain, in its endpoints and metric families too).
     * Features are wired whatever instrumentation is enabled: switching a module off removes its advice, never an
     * endpoint.
     * Services start last: their checks' first run starts the moment they are registered, so they are registered
     * just before the listener that reports them starts.
     */
    static List<Feature> features() {
        return Arrays.asList(
                new RequestsFeature(),
                new DatabaseFeature(),
                new CacheFeature(),
                new JvmFeature(),
                new HealthFeature(),
                new HistoryFeature(),
                new StreamFeature(),
                new AlertsFeature(),
                new ServicesFeature());
    }

    /**
     * Whether the features that can wait are wired on their first use or once the start is over, rather than at
     * premain: only on one core. There the agent's background work delays the application's start one for one (a
     * Tomcat distribution started 3 % sooner, 10 interleaved rounds); on two cores the wiring on {@code vitals-wire}
     * beside the start leaves the application's main thread less to do: deferring it there made a large Spring Boot
     * application's start 3.8 % slower (8 rounds; there its first query and cache call wire those features on
     * {@code main}) and Tomcat's 2 % faster (24 rounds).
     */
    static boolean wiresWhenUsed() {
        return Runtime.getRuntime().availableProcessors() == 1;
    }

    /**
     * Every feature, wired now (at premain beside the instrumentation install, whose held classes wait for it) or, with
     * {@code whenUsed}, the ones that can wait on the first call of their hooks or once the start is over; a feature
     * that fails is left out, the others go on.
     */
    private static List<FeatureWiring> wire(AgentContext context, boolean whenUsed) {
        List<FeatureWiring> features = FeatureWiring.of(features(), context);
        FeatureWiring.wireAtPremain(features, whenUsed);
        return features;
    }

    /**
     * Recording goes on at once (the rotation tick, {@link Feature#startRecording}); the features' start and the
     * listener wait up to {@code startWaitMillis} for the application's start to end ({@link ApplicationStart}), longer
     * for a web server that is starting ({@code webServerLoaded}).
     */
    private static void startBackground(AgentContext context, List<FeatureWiring> features, long startWaitMillis,
                                        java.util.function.BooleanSupplier webServerLoaded) {
        try {
            long slice = context.registry().windowConfig().sliceMillis();
            context.scheduler().scheduleAtFixedRate(() -> tick(context, features), slice, slice, TimeUnit.MILLISECONDS);
            forEach(features, "start recording", feature -> feature.startRecording(context));
            awaitApplicationStart(startWaitMillis, webServerLoaded);
            // What waited for the start and was not used during it, in the features' order, before any starts.
            for (FeatureWiring feature : features) {
                feature.wire();
            }
            forEach(features, "start", feature -> feature.start(context));
            startListener(context);
        } catch (Throwable t) {
            Log.error("background start failed; the application is unaffected", t);
        }
    }

    /** One step for every wired feature; a feature that fails it is logged and the others go on. */
    private static void forEach(List<FeatureWiring> features, String step, java.util.function.Consumer<Feature> action) {
        for (FeatureWiring feature : features) {
            if (!feature.wired()) {
                continue;
            }
            try {
                action.accept(feature.feature());
            } catch (Throwable t) {
                Log.warn(feature.name() + " could not " + step + "; the agent runs without it", t);
            }
        }
    }

    private static void awaitApplicationStart(long maxWaitMillis, java.util.function.BooleanSupplier webServerLoaded)
            throws InterruptedException {
        if (maxWaitMillis <= 0) {
            return;
        }
        long started = System.nanoTime();
        boolean quiet = ApplicationStart.ofThisJvm(webServerLoaded).awaitEnd(maxWaitMillis);
        Log.debug((quiet ? "class loading went quiet after " : "class loading still busy after ")
                + (System.nanoTime() - started) / 1_000_000 + " ms"
                + (dev.vitals.bootstrap.lifecycle.ServerLifecycle.isStarted() ? " (web server started)" : "")
                + ": starting the listener and the background work");
    }

    /** The one rotation tick, every slice on {@code vitals-scheduler}: the registry, then each feature's sampling. */
    private static void tick(AgentContext context, List<FeatureWiring> features) {
        long now = System.currentTimeMillis();
        try {
            context.registry().rotateAll(now);
        } catch (Throwable t) {
            Log.warnRateLimited("rotate", "rotating metric windows failed", t);
        }
        for (FeatureWiring feature : features) {
            if (!feature.wired()) {
                continue; // waiting for the start to end or for its first use
            }
            try {
                feature.feature().tick(now);
            } catch (Throwable t) {
                Log.warnRateLimited("tick:" + feature.name(), "sampling in " + feature.name() + " failed", t);
            }
        }
    }

    /** How often the TLS certificate and key files are read again to see whether they changed. */
    private static final long TLS_CHECK_SECONDS = 5;

    /** The TLS files when both keys are set; one alone is logged, and the listener then refuses handshakes. */
    private static TlsFiles tlsFiles(Config config) {
        String cert = config.get(Keys.EXPORTER_TLS_CERT).trim();
        String key = config.get(Keys.EXPORTER_TLS_KEY).trim();
        if (cert.isEmpty() && key.isEmpty()) {
            return null;
        }
        if (cert.isEmpty() || key.isEmpty()) {
            Log.warn("exporter.tls.cert and exporter.tls.key must be set together (got only "
                    + (cert.isEmpty() ? "exporter.tls.key" : "exporter.tls.cert")
                    + "); the listener serves HTTPS and refuses handshakes until both are set, never plain HTTP");
        }
        return new TlsFiles(java.nio.file.Paths.get(cert.isEmpty() ? "exporter.tls.cert-not-set" : cert),
                java.nio.file.Paths.get(key.isEmpty() ? "exporter.tls.key-not-set" : key), Log::warn);
    }

    private static void reloadTls(HttpExporter exporter, TlsFiles tls) {
        try {
            if (exporter.reloadTls()) {
                Log.info("TLS certificate reloaded: " + tls.describe());
            }
        } catch (Throwable t) {
            Log.warn("checking the TLS certificate files failed", t);
        }
    }

    private static void startListener(AgentContext context) {
        Config config = context.config();
        String host = config.get(Keys.EXPORTER_HOST);
        int port = config.get(Keys.EXPORTER_PORT);
        String token = config.get(Keys.AUTH_TOKEN);
        HttpExporter.Builder builder = HttpExporter.builder()
                .host(host)
                .port(port)
                .authToken(token.isEmpty() ? null : token)
                .ioThreads(2)
                .workerThreads(config.get(Keys.EXPORTER_WORKER_THREADS))
                .maxConnections(config.get(Keys.EXPORTER_MAX_CONNECTIONS))
                .maxConnectionsPerClient(config.get(Keys.EXPORTER_MAX_CONNECTIONS_PER_CLIENT))
                .protectAll("all".equals(config.get(Keys.AUTH_SCOPE)))
                .rateLimit(config.get(Keys.EXPORTER_RATE_LIMIT), config.get(Keys.EXPORTER_RATE_BURST),
                        config.get(Keys.EXPORTER_RATE_LIMIT_LOOPBACK))
                .allowedOrigins(java.util.Arrays.asList(config.get(Keys.EXPORTER_ALLOWED_ORIGINS).split(",")))
                .threadNamePrefix("vitals-http").log(Log::warn); // handler failures and Undertow/XNIO warnings
        TlsFiles tls = tlsFiles(config);
        builder.tls(tls);
        new Endpoints(context).register(builder);
        try {
            HttpExporter exporter = builder.start();
            Log.info("Vitals " + context.version() + " listening on " + exporter.scheme() + "://" + host + ":"
                    + exporter.port() + "/ (service " + context.serviceName() + ")"
                    + (tls == null ? "" : "; TLS certificate " + tls.describe()));
            if (tls != null) {
                // Rotated certificates (cert-manager renews them in place) are picked up without a restart.
                context.scheduler().scheduleWithFixedDelay(() -> reloadTls(exporter, tls), TLS_CHECK_SECONDS,
                        TLS_CHECK_SECONDS, TimeUnit.SECONDS);
            }
        } catch (BindException e) {
            Log.warn("exporter.port " + port + " on " + host + " is in use (" + e.getMessage()
                    + "); Vitals runs without its HTTP listener. Set exporter.port to a free port, or 0 for any.");
        } catch (Exception e) {
            Log.warn("the HTTP listener on " + host + ":" + port + " could not start; Vitals runs without it", e);
        }
    }
}
