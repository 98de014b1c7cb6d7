package dev.vitals.bootstrap;

/**
 * Per-thread call depth, one counter per instrumentation kind, so that a call is recorded once when wrappers,
 * pools and drivers call one another (a pool's {@code Connection.prepareStatement} calling the driver's,
 * {@code DataSource.getConnection} of a pool wrapping another). Without it a statement executed through a
 * pool proxy would be timed twice, and advice on a method that calls itself through a wrapper could recurse.
 *
 * <p>Usage in advice: {@code int depth = CallDepth.enter(JDBC);} on enter, record only when {@code depth == 0},
 * and always {@code CallDepth.exit(JDBC)} on exit (including exceptional exit).
 *
 * <p>Thread-confined state; allocation-free after a thread's first call (one {@code int[]} per thread). The
 * thread-local holds only that array, never an application object or class loader. {@code kind} must be one
 * of the constants below.
 */
public final class CallDepth {
    public static final int SERVLET = 0;
    public static final int JDBC = 1;
    public static final int POOL = 2;
    public static final int REDIS = 3;
    public static final int HTTP_CLIENT = 4;
    public static final int MAIL = 5;
    static final int KINDS = 6;

    // Anonymous subclass, not ThreadLocal.withInitial: bootstrap code avoids lambdas (see package docs).
    private static final ThreadLocal<int[]> DEPTHS = new ThreadLocal<int[]>() {
        @Override
        protected int[] initialValue() {
            return new int[KINDS];
        }
    };

    private CallDepth() {
    }

    /** Increments this thread's depth for {@code kind}; returns the depth before (0 = outermost call). */
    public static int enter(int kind) {
        int[] depths = DEPTHS.get();
        return depths[kind]++;
    }

    /**
     * {@link #enter}, then the start time of the outermost call (never 0), or 0 for a nested one: what timing
     * advice returns from its enter method, recording on exit only when it is not 0. Exit must still call
     * {@link #exit} either way.
     */
    public static long enterTimed(int kind) {
        if (enter(kind) != 0) {
            return 0L;
        }
        long start = System.nanoTime();
        return start == 0L ? 1L : start;
    }

    /** Decrements this thread's depth for {@code kind}; never below 0, so an unmatched exit cannot skew it. */
    public static void exit(int kind) {
        int[] depths = DEPTHS.get();
        if (depths[kind] > 0) {
            depths[kind]--;
        }
    }

    /** This thread's current depth for {@code kind}. */
    public static int depth(int kind) {
        return DEPTHS.get()[kind];
    }
}
