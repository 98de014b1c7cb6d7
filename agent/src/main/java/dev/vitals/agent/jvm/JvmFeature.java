package dev.vitals.agent.jvm;

import dev.vitals.agent.AgentContext;
import dev.vitals.agent.Feature;
import dev.vitals.agent.config.Keys;
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
    public void start(AgentContext context) {
        JvmMetrics.listenForGc(context.registry());
        // A rate needs three samples over half the window: at least ten samples per window, whatever the interval.
        long every = Math.min(context.config().get(Keys.MEMORY_SAMPLE_INTERVAL), leak.windowMillis() / 10);
        context.scheduler().scheduleAtFixedRate(() -> {
            try {
                leak.sample(System.currentTimeMillis());
            } catch (Throwable t) {
                Log.warnRateLimited("leak-sample", "sampling the heap after GC failed", t);
            }
        }, 0, every, TimeUnit.MILLISECONDS);
    }
}
