package dev.vitals.agent.jvm;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.Feature;
import dev.vitals.agent.config.Keys;
import dev.vitals.agent.instrumentation.TypePools;
import dev.vitals.agent.log.Log;

import java.util.concurrent.TimeUnit;

/**
 * JVM figures recorded as they happen: garbage collection pauses (the other JVM figures are read at scrape time);
 * the {@link LeakAnalysis} (published for the alert subject {@code memory_leak_rate}), {@code /health/memory} and its
 * gauges.
 */
public final class JvmFeature implements Feature {
    private LeakAnalysis leak;

    @Override
    public void wire(AgentContext context) {
        leak = LeakAnalysis.of(context.config());
        context.provide(LeakAnalysis.class, leak);
        MemoryEndpoint memory = new MemoryEndpoint(context, leak, new ContainerMemory());
        context.addEndpoints(memory);
        context.addMetricsSource(memory);
    }

    @Override
    public void startRecording(AgentContext context) {
        // The collections of the application's start count too.
        JvmMetrics.listenForGc(context.registry());
    }

    @Override
    public void start(AgentContext context) {
        // A rate needs three samples over half the window: at least ten samples per window, whatever the interval.
        long every = Math.min(context.config().get(Keys.MEMORY_SAMPLE_INTERVAL), leak.windowMillis() / 10);
        context.scheduler().scheduleAtFixedRate(() -> {
            try {
                leak.sample(System.currentTimeMillis());
            } catch (Throwable t) {
                Log.warnRateLimited("leak-sample", "sampling the heap after GC failed", t);
            }
        }, 0, every, TimeUnit.MILLISECONDS);
        // The agent's own heap: Byte Buddy's type descriptions, read while the application starts, go once class
        // loading has been quiet for a whole period.
        context.scheduler().scheduleWithFixedDelay(() -> {
            try {
                TypePools.INSTANCE.trimIfIdle();
            } catch (Throwable t) {
                Log.warnRateLimited("type-pool-trim", "dropping cached type descriptions failed", t);
            }
        }, TYPE_POOL_TRIM_SECONDS, TYPE_POOL_TRIM_SECONDS, TimeUnit.SECONDS);
    }

    /** How often the type description caches are checked for a period without lookups. */
    private static final long TYPE_POOL_TRIM_SECONDS = 60;
}
