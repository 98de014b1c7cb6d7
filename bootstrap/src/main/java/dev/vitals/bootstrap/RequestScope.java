package dev.vitals.bootstrap;

import dev.vitals.bootstrap.http.AsyncClientCall;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Per-request time breakdown: how long the current request spent in the database, Redis and outbound HTTP, and
 * how many calls each took. One instance per thread, reused for every request on it (never allocated per
 * request). Servlet advice calls {@link #begin()} at the outermost entry and {@link #end()} on exit, then reads
 * the figures; JDBC, Redis and HTTP client advice add to it. Outside a request ({@link #isActive()} false) the
 * {@code add*} methods do nothing, so background work is not attributed to any request.
 *
 * <p>Thread-confined: use only the instance {@link #current()} returns on this thread (a reactive request's
 * {@link #detached()} scope while it is made current), except {@link #addRedisLater}, which any thread may call. Holds primitives, a constant route string, and during a
 * request the asynchronous outbound HTTP calls it started (dropped when the figures are read or the request
 * ends). Moving a scope across threads (async requests) is not supported.
 *
 * <p>Work finishing on another thread is attributed two ways, by what the caller has at hand. <b>Redis commands</b>
 * (Lettuce's async and reactive API): the dispatching thread keeps {@link #requestId()} beside the command, and the
 * completing thread calls {@link #addRedisLater}. Each late figure is one word holding a tag of the request it
 * belongs to (upper bits) and the sum (lower {@value #VALUE_BITS} bits), updated by CAS only while the tag still
 * matches; {@link #end()} swaps the words out, so a completion after the request ended, or during a later request
 * on this thread, adds nothing. Lock-free, no allocation. A completion racing the end by nanoseconds may land its
 * count but not its time. <b>Outbound HTTP calls</b> already allocate a completion object per call, which the scope
 * keeps ({@link #addHttpClientAsync}) and reads when the figures are read.
 */
public final class RequestScope {
    // Anonymous subclass, not ThreadLocal.withInitial: bootstrap code avoids lambdas (see package docs).
    private static final ThreadLocal<RequestScope> CURRENT = new ThreadLocal<RequestScope>() {
        @Override
        protected RequestScope initialValue() {
            return new RequestScope();
        }
    };

    private static final int VALUE_BITS = 40;
    private static final long VALUE_MASK = (1L << VALUE_BITS) - 1;
    /** Tags run 1..TAGS; 0 marks "no request", so an ended scope never matches. */
    private static final long TAGS = (1L << (63 - VALUE_BITS)) - 1;
    private static final VarHandle LATE_REDIS_NANOS;
    private static final VarHandle LATE_REDIS_COUNT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            LATE_REDIS_NANOS = lookup.findVarHandle(RequestScope.class, "lateRedisNanos", long.class);
            LATE_REDIS_COUNT = lookup.findVarHandle(RequestScope.class, "lateRedisCount", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private boolean active;
    /** Requests begun on this thread; the running one's number is {@link #request}. */
    private long requests;
    /** The running request's number, 0 when none: read by completing threads. */
    private volatile long request;
    @SuppressWarnings("unused") // through LATE_REDIS_NANOS
    private volatile long lateRedisNanos;
    @SuppressWarnings("unused") // through LATE_REDIS_COUNT
    private volatile long lateRedisCount;
    private long databaseNanos;
    private long databaseCount;
    private long redisNanos;
    private long redisCount;
    private long httpClientNanos;
    private long httpClientCount;
    /** A route template found while handling the request (a JAX-RS resource method's path), or null. */
    private String routeTemplate;
    /**
     * The normalised route a container hook found from its raw request line before the servlet ran (Tomcat),
     * so servlet advice need not build the URI string; null when unknown. Set and cleared by that hook
     * around the whole dispatch, so {@link #begin()} leaves it alone.
     */
    private String knownRoute;
    /**
     * Whether servlet advice took charge of the request that the container is handling on this thread (recorded
     * it, or continued it in an async dispatch). Cleared by {@link #containerBegin()}; read by the container
     * hook on its exit, which records only requests that no servlet handled, so each is counted once.
     */
    private boolean servletHandled;
    /** An async listener saw a recorded request time out or fail on this thread ({@link #markAsyncEnded()}). */
    private boolean asyncEnded;
    /** When the container hook's current call began ({@link #containerBegin()}), 0 when none is open. */
    private long containerStart;

    /**
     * Asynchronous outbound calls started during this request, settled into the HTTP client figures when those
     * are first read: a request rarely starts more than a few, so a small fixed array (allocated once per thread).
     */
    private final AsyncClientCall[] asyncCalls = new AsyncClientCall[8];
    private int asyncCount;

    private RequestScope() {
    }

    /** This thread's scope. */
    public static RequestScope current() {
        return CURRENT.get();
    }

    /**
     * A scope of its own for a request that moves between threads (a reactive server's): the recorder keeps one per
     * request in flight and reuses it, and makes it current ({@link #makeCurrent}) only while the server runs the
     * request's handler on a thread. Only one thread uses it at a time; the server's hand-offs order the uses.
     */
    public static RequestScope detached() {
        return new RequestScope();
    }

    /**
     * Makes {@code scope} this thread's current scope and returns the one it replaces, which the caller restores the
     * same way. Allocation-free: the thread's entry exists already.
     */
    public static RequestScope makeCurrent(RequestScope scope) {
        RequestScope previous = CURRENT.get();
        CURRENT.set(scope);
        return previous;
    }

    /**
     * A container hook (Tomcat's adapter, an Undertow root-handler call, Jetty's server) starts handling a request
     * on this thread: forgets whether a servlet handled the previous one and returns the start time (never 0).
     */
    public long containerBegin() {
        return containerBegin(false);
    }

    /**
     * Like {@link #containerBegin()}, for a container that answers an async request's timeout or error in a call
     * of its own (Undertow runs the listeners, then a new root-handler call that sends the 500): when an async
     * listener just saw that on this thread ({@link #markAsyncEnded()}), the call counts as handled by the servlet,
     * which records the request.
     */
    public long containerBegin(boolean afterAsyncEnd) {
        servletHandled = afterAsyncEnd && asyncEnded;
        asyncEnded = false;
        long start = System.nanoTime();
        containerStart = start == 0L ? 1L : start;
        return containerStart;
    }

    /**
     * The container hook's call ends: returns its start time when no servlet handled the request (the hook then
     * records it), else 0. Closes the call either way, so a second end records nothing.
     */
    public long containerEnd() {
        long start = servletHandled ? 0L : containerStart;
        containerStart = 0L;
        return start;
    }

    /** An async request that servlet advice recorded timed out or failed; its listeners run on this thread. */
    public void markAsyncEnded() {
        asyncEnded = true;
    }

    /** Servlet advice took charge of the container's current request on this thread (see {@link #containerBegin()}). */
    public void markServletHandled() {
        servletHandled = true;
    }

    /** Whether servlet advice took charge of the request since {@link #containerBegin()}. */
    public boolean servletHandled() {
        return servletHandled;
    }

    /** Starts a request: clears the figures and activates the scope. */
    public void begin() {
        servletHandled = true;
        dropAsync();
        databaseNanos = 0;
        databaseCount = 0;
        redisNanos = 0;
        redisCount = 0;
        httpClientNanos = 0;
        httpClientCount = 0;
        routeTemplate = null;
        long id = ++requests;
        long tagged = tag(id) << VALUE_BITS;
        LATE_REDIS_NANOS.setVolatile(this, tagged);
        LATE_REDIS_COUNT.setVolatile(this, tagged);
        request = id;
        active = true;
    }

    /**
     * Ends the request and folds in what other threads added ({@link #addRedisLater}). The figures stay readable
     * until the next {@link #begin()}. Ending twice is harmless.
     */
    public void end() {
        settleAsync();
        active = false;
        request = 0;
        redisNanos += (long) LATE_REDIS_NANOS.getAndSet(this, 0L) & VALUE_MASK;
        redisCount += (long) LATE_REDIS_COUNT.getAndSet(this, 0L) & VALUE_MASK;
    }

    /**
     * The running request's number, for {@link #addRedisLater} from another thread; 0 outside a request. Call on
     * this scope's own thread.
     */
    public long requestId() {
        return active ? request : 0;
    }

    /**
     * Adds a Redis command that request number {@code requestId} dispatched and another thread saw complete.
     * Does nothing when that request is no longer running. Any thread; lock-free, allocation-free.
     */
    public void addRedisLater(long requestId, long nanos) {
        if (requestId == 0 || request != requestId) {
            return;
        }
        long tag = tag(requestId);
        if (addTagged(LATE_REDIS_COUNT, tag, 1)) {
            addTagged(LATE_REDIS_NANOS, tag, nanos);
        }
    }

    /** Adds {@code delta} to a late word while its tag is {@code tag}; false when the request is over. */
    private boolean addTagged(VarHandle word, long tag, long delta) {
        for (;;) {
            long w = (long) word.getVolatile(this);
            if (w >>> VALUE_BITS != tag) {
                return false;
            }
            long sum = Math.min((w & VALUE_MASK) + Math.max(delta, 0), VALUE_MASK);
            if (word.compareAndSet(this, w, (w & ~VALUE_MASK) | sum)) {
                return true;
            }
        }
    }

    private static long tag(long id) {
        return id % TAGS + 1;
    }

    public boolean isActive() {
        return active;
    }

    public void addDatabase(long nanos) {
        if (active) {
            databaseNanos += nanos;
            databaseCount++;
        }
    }

    public void addRedis(long nanos) {
        if (active) {
            redisNanos += nanos;
            redisCount++;
        }
    }

    public void addHttpClient(long nanos) {
        if (active) {
            httpClientNanos += nanos;
            httpClientCount++;
        }
    }

    /**
     * An asynchronous outbound call started during this request. It counts as one call of this request; its time
     * counts if it has ended when the request's figures are read (a call the request did not wait for adds none).
     * Beyond the array's size, calls are counted without their time.
     */
    public void addHttpClientAsync(AsyncClientCall call) {
        if (!active) {
            return;
        }
        if (asyncCount < asyncCalls.length) {
            asyncCalls[asyncCount++] = call;
        } else {
            httpClientCount++;
        }
    }

    private void settleAsync() {
        if (asyncCount == 0) {
            return;
        }
        long now = System.nanoTime();
        for (int i = 0; i < asyncCount; i++) {
            long nanos = asyncCalls[i].elapsed(now);
            if (nanos >= 0) {
                httpClientNanos += nanos;
            }
            httpClientCount++;
        }
        dropAsync();
    }

    private void dropAsync() {
        for (int i = 0; i < asyncCount; i++) {
            asyncCalls[i] = null;
        }
        asyncCount = 0;
    }

    /**
     * Sets the route template of the current request, e.g. a JAX-RS resource method's full {@code @Path}
     * ({@code /owners/{ownerId}}), relative to the servlet's prefix mapping. A constant string: nothing is allocated.
     */
    public void routeTemplate(String template) {
        if (active) {
            routeTemplate = template;
        }
    }

    /** The route template set during this request, or null. */
    public String routeTemplate() {
        return routeTemplate;
    }

    /** Sets or (with null) clears the route a container hook found for the request on this thread. */
    public void knownRoute(String route) {
        knownRoute = route;
    }

    /** The route a container hook found for the request on this thread, or null. */
    public String knownRoute() {
        return knownRoute;
    }

    public long databaseNanos() {
        return databaseNanos;
    }

    public long databaseCount() {
        return databaseCount;
    }

    public long redisNanos() {
        return redisNanos;
    }

    public long redisCount() {
        return redisCount;
    }

    public long httpClientNanos() {
        settleAsync();
        return httpClientNanos;
    }

    public long httpClientCount() {
        settleAsync();
        return httpClientCount;
    }
}
