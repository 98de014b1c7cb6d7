package dev.vitals.agent;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.ConfigLoader;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.health.HealthEndpoints;
import dev.vitals.agent.health.SystemCheck;
import dev.vitals.agent.instrumentation.Instrumentations;
import dev.vitals.agent.instrumentation.StartupGate;
import dev.vitals.agent.jvm.JvmMetrics;
import dev.vitals.agent.log.Log;
import dev.vitals.agent.web.Endpoints;
import dev.vitals.bootstrap.Vitals;
import dev.vitals.exporter.HttpExporter;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.BindException;
import java.util.concurrent.TimeUnit;

/**
 * The agent proper, started by {@code dev.vitals.launcher.Launcher} inside the agent's own class loader.
 *
 * <p>On the application's main thread premain only reads the configuration and registers a
 * {@link StartupGate}. Instrumentation (Byte Buddy), the listener, the scheduler and everything else start on
 * the daemon thread {@code vitals-init}, so the application's {@code main} is not delayed; classes it loads
 * meanwhile are retransformed. At attach, instrumentation is installed on the attaching thread.
 */
public final class Agent {
    private Agent() {
    }

    public static void start(File jar, String args, Instrumentation inst, boolean attached) {
        Config config = ConfigLoader.load(args, System.getenv(), System.getProperties());
        Log.configure(config.get(Keys.LOG_LEVEL), config.get(Keys.LOG_FILE));
        for (String warning : config.warnings()) {
            Log.warn(warning);
        }
        if (config.get(Keys.STRICT) && !config.warnings().isEmpty()) {
            Log.error("strict=true and the configuration has " + config.warnings().size()
                    + " warning(s): the agent is not started; the application runs without it");
            return;
        }
        Thread init;
        if (attached) {
            AgentContext context = createContext(config);
            Instrumentations.install(context, inst, true);
            init = new Thread(() -> startBackground(context), "vitals-init");
        } else {
            // premain returns now; everything else, Byte Buddy first, is set up on vitals-init while the
            // application starts.
            StartupGate gate = Instrumentations.gate(config, inst);
            init = new Thread(() -> {
                try {
                    AgentContext context = createContext(config);
                    Instrumentations.installBehind(gate, context, inst);
                    startBackground(context);
                } catch (Throwable t) {
                    gate.open();
                    Log.error("the agent failed to start; the application is unaffected", t);
                }
            }, "vitals-init");
        }
        init.setDaemon(true);
        init.start();
        if (attached) {
            Log.info("attached to running JVM " + ProcessHandle.current().pid());
        }
    }

    private static AgentContext createContext(Config config) {
        AgentContext context = new AgentContext(config, Version.get());
        Vitals.setFailureListener((instrumentation, t) ->
                Log.warnRateLimited("failure:" + instrumentation, "recording failed in " + instrumentation
                        + "; the application is unaffected", t));
        return context;
    }

    private static void startBackground(AgentContext context) {
        try {
            long slice = context.registry().windowConfig().sliceMillis();
            context.scheduler().scheduleAtFixedRate(() -> rotate(context), slice, slice, TimeUnit.MILLISECONDS);
            JvmMetrics.listenForGc(context.registry());
            context.health().register(new SystemCheck(context.process()));
            context.health().startAvailabilityTracking(context.scheduler());
            context.addMetricsSource(context.health());
            context.addEndpoints(new HealthEndpoints(context, context.health()));
            dev.vitals.agent.history.History.start(context);
            dev.vitals.agent.stream.Streaming.install(context);
            dev.vitals.agent.alerts.AlertEngine.install(context);
            startListener(context);
        } catch (Throwable t) {
            Log.error("background start failed; the application is unaffected", t);
        }
    }

    private static void rotate(AgentContext context) {
        try {
            context.registry().rotateAll(System.currentTimeMillis());
        } catch (Throwable t) {
            Log.warnRateLimited("rotate", "rotating metric windows failed", t);
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
                .allowedOrigins(java.util.Arrays.asList(config.get(Keys.EXPORTER_ALLOWED_ORIGINS).split(",")))
                .threadNamePrefix("vitals-http");
        new Endpoints(context).register(builder);
        try {
            HttpExporter exporter = builder.start();
            Log.info("Vitals " + context.version() + " listening on http://" + host + ":" + exporter.port()
                    + "/ (service " + context.serviceName() + ")");
        } catch (BindException e) {
            Log.warn("exporter.port " + port + " on " + host + " is in use (" + e.getMessage()
                    + "); Vitals runs without its HTTP listener. Set exporter.port to a free port, or 0 for any.");
        } catch (Exception e) {
            Log.warn("the HTTP listener on " + host + ":" + port + " could not start; Vitals runs without it", e);
        }
    }
}
