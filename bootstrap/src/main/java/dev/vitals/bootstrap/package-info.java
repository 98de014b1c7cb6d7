/**
 * What instrumentation advice calls: one hook class per library family ({@code ServerHooks}, {@code JdbcHooks},
 * {@code RedisHooks}, {@code LocalCacheHooks}, {@code ClientHooks}, {@link dev.vitals.bootstrap.lifecycle.ServerLifecycle}),
 * each holding the recorder a feature of the agent installs (a no-op until then), the per-thread
 * {@link dev.vitals.bootstrap.CallDepth} guard, {@link dev.vitals.bootstrap.RequestScope} and the failure entry point
 * {@link dev.vitals.bootstrap.Vitals}. What the recorders record into (the agent's metric store and HdrHistogram)
 * lives in the agent's own class loader.
 *
 * <p>The package lives in the bootstrap class loader, so that advice inlined into any class, including JDK
 * classes, can reach it: the agent defines its classes there one by one ({@code BootstrapInjector} in the
 * agent), without appending any jar to the bootstrap search path. It therefore depends on nothing but the JDK
 * classes the boot loader sees ({@code BootstrapInjectorTest} in the agent checks every reference).
 *
 * <p>Code here runs on the application's threads, inside advice: it is wait-free or lock-free, allocates nothing in
 * steady state and throws nothing for any argument value. It avoids lambdas and {@code +} string concatenation: both
 * link through {@code invokedynamic} on first use, and advice inlined into a JDK class could re-enter that linkage.
 */
package dev.vitals.bootstrap;
