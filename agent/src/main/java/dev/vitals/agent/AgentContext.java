package dev.vitals.agent;

import dev.vitals.agent.config.Config;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.health.HealthRegistry;
import dev.vitals.agent.health.HealthService;
import dev.vitals.agent.jvm.Liveness;
import dev.vitals.agent.jvm.ProcessInfo;
import dev.vitals.agent.metrics.RegistryMetrics;
import dev.vitals.agent.stream.StreamHub;
import dev.vitals.agent.web.EndpointGroup;
import dev.vitals.agent.metrics.MetricRegistry;
import dev.vitals.agent.metrics.WindowConfig;
import dev.vitals.exporter.prometheus.MetricsSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Everything one running agent owns: its configuration, the one metric registry that every feature records into,
 * the scheduler, and what features publish for one another ({@link #provide}, {@link #service}). One instance per
 * agent; nothing here is static.
 */
public final class AgentContext {
    private final Config config;
    private final String version;
    private final String serviceName;
    private final MetricRegistry registry;
    private final ProcessInfo process = new ProcessInfo();
    private final Liveness liveness;
    private final RegistryMetrics registryMetrics;
    private final List<MetricsSource> metricsSources = new CopyOnWriteArrayList<>();
    private final List<EndpointGroup> endpointGroups = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final HealthService health;
    private final StreamHub stream = new StreamHub();
    private final Map<Class<?>, Object> services = new ConcurrentHashMap<>();

    AgentContext(Config config, String version) {
        this.config = config;
        this.version = version;
        String configured = config.get(Keys.SERVICE_NAME);
        this.serviceName = configured.isEmpty() ? ServiceName.derive() : configured;
        this.registry = new MetricRegistry(WindowConfig.DEFAULT);
        this.liveness = new Liveness(config.get(Keys.LIVENESS_HEAP_FRACTION), config.get(Keys.LIVENESS_HEAP_DURATION),
                System::currentTimeMillis);
        this.registryMetrics = new RegistryMetrics(registry);
        // The executor starts its thread on first use, in the background: nothing runs during premain.
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vitals-scheduler");
            t.setDaemon(true);
            return t;
        });
        this.health = new HealthService(this, new HealthRegistry(scheduler, System::currentTimeMillis,
                config.get(Keys.HEALTH_FAILURE_THRESHOLD), config.get(Keys.HEALTH_RECOVERY)));
    }

    /** The agent's one scheduler thread, {@code vitals-scheduler}: short periodic tasks only. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Where features register their health checks, e.g. a database check once a DataSource is seen. */
    public HealthService health() {
        return health;
    }

    /**
     * The live stream's metric groups and clients: {@code stream().registerGroup("cache", writer)} makes a
     * feature's figures streamable, {@code stream().publishAlert(writer)} pushes an alert to every client.
     */
    public StreamHub stream() {
        return stream;
    }

    /**
     * Publishes {@code service} under {@code type}, for other features to find with {@link #service}; called from a
     * feature's wiring step. A second call for the same type replaces the first.
     */
    public <T> void provide(Class<T> type, T service) {
        services.put(type, type.cast(service));
    }

    /** What a feature published under {@code type}, or null when no feature did (e.g. alerting is off). */
    public <T> T service(Class<T> type) {
        return type.cast(services.get(type));
    }

    /**
     * Rotates the registry now, on the scheduler (the thread that rotates every slice, and that history reads
     * windows on), so that a reader then sees everything recorded before this call. Waits at most a second; if the
     * scheduler is busy longer, readers see the figures of the last rotation.
     */
    public void rotateNow() {
        try {
            scheduler.submit(() -> registry.rotateAll(System.currentTimeMillis())).get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // the last rotation's figures are served
        }
    }

    /** Describes the registry's families (help, unit, buckets) for the Prometheus endpoint. */
    public RegistryMetrics registryMetrics() {
        return registryMetrics;
    }

    /** Adds a source of Prometheus samples beyond the registry and the JVM (e.g. pool gauges read at scrape time). */
    public void addMetricsSource(MetricsSource source) {
        metricsSources.add(source);
    }

    public List<MetricsSource> metricsSources() {
        return metricsSources;
    }

    /** Adds routes to the listener; must be called before the listener starts (during install). */
    public void addEndpoints(EndpointGroup group) {
        endpointGroups.add(group);
    }

    public List<EndpointGroup> endpointGroups() {
        return endpointGroups;
    }

    public Config config() {
        return config;
    }

    public String version() {
        return version;
    }

    public String serviceName() {
        return serviceName;
    }

    public MetricRegistry registry() {
        return registry;
    }

    public ProcessInfo process() {
        return process;
    }

    public Liveness liveness() {
        return liveness;
    }
}
