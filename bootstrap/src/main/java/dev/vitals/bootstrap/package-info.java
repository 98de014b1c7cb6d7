/**
 * The recording core that instrumentation advice calls: {@link dev.vitals.bootstrap.Timer},
 * {@link dev.vitals.bootstrap.Counter}, their capped label families, the per-thread
 * {@link dev.vitals.bootstrap.CallDepth} guard and {@link dev.vitals.bootstrap.RequestScope}.
 *
 * <p>The package lives in the bootstrap class loader, so that advice inlined into any class, including JDK
 * classes, can reach it: the agent defines its classes there one by one ({@code BootstrapInjector} in the
 * agent), without appending any jar to the bootstrap search path. It therefore depends on nothing but the JDK
 * and HdrHistogram (relocated by the agent build and defined in the boot loader the same way).
 *
 * <p>Two sides with different rules:
 * <ul>
 *   <li><b>Record side</b> (what advice calls: {@code Timer.record}, {@code Counter.add}, {@code get} of an
 *   existing series, {@code CallDepth}, {@code RequestScope}): wait-free or lock-free, allocates nothing in
 *   steady state, throws nothing for any argument value.</li>
 *   <li><b>Read side</b> ({@code rotate}, {@code window}, {@code forEach}, registry methods): called by the
 *   agent's scheduler thread and endpoint threads; may lock and allocate.</li>
 * </ul>
 *
 * <p>Record-side code avoids lambdas and {@code +} string concatenation: both link through
 * {@code invokedynamic} on first use, and advice inlined into a JDK class could re-enter that linkage.
 */
package dev.vitals.bootstrap;
