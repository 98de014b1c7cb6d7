package dev.vitals.agent.requests;

import dev.vitals.agent.cache.IdentitySlots;
import dev.vitals.bootstrap.RequestScope;

/**
 * Reactive requests in flight (Reactor Netty): start time, method, route template and per-request scope beside the
 * server's request object, which the agent cannot add a field to. Allocation-free once warm: a request's
 * {@link RequestScope} comes from a small pool of the beginning thread, and goes back to the ending thread's pool
 * (Reactor Netty begins and ends a connection's requests on its event loop), so a thread reuses a handful of scopes.
 * A scope kept per slot instead would be created on each slot's first use: every request is a new object with a
 * new identity hash, so the table's 8192 slots fill at random, and a server allocated a scope (about 180 bytes) on
 * most of its first 8192 requests and on some of the next 70,000.
 *
 * <p>Holds no reference to the request object and only constant strings (the route is the framework's own pattern
 * string), so it never keeps an application object or class loader alive. When every probed slot is taken, a
 * request is not recorded; a request that never ends frees its slot after {@value IdentitySlots#STALE_SECONDS} s
 * when the table is crowded (a stream open that long is then not recorded either).
 *
 * <p>Thread-safety: slots are reserved and claimed by CAS ({@link IdentitySlots}); a slot's fields are written by
 * the thread that reserved it before it is published, and read by the one that claims it. The route may be set
 * while the request is in flight; a slot freed and taken again between the lookup and that write (nanoseconds)
 * could give one request another's route.
 */
final class ReactiveRequests extends IdentitySlots {
    static final int SLOTS = 8192;
    /** Scopes each thread keeps for its next requests: more than a thread has in flight at once, usually. */
    static final int POOLED = 16;
    private static final ThreadLocal<ScopePool> POOL = ThreadLocal.withInitial(ScopePool::new);

    private final int[] methods = new int[SLOTS];
    private final String[] routes = new String[SLOTS];
    /** The tenant a WebFlux exchange attribute named ({@code tenant.attribute}), else null. */
    private final String[] tenants = new String[SLOTS];
    private final RequestScope[] scopes = new RequestScope[SLOTS];

    ReactiveRequests() {
        super(SLOTS);
    }

    /** Starts {@code request}: false when it has a slot already or the table has no room. */
    boolean begin(Object request, int method, long startNanos) {
        int i = reserve(request, startNanos);
        if (i < 0) {
            return false;
        }
        methods[i] = method;
        routes[i] = null;
        tenants[i] = null;
        RequestScope scope = POOL.get().take();
        scopes[i] = scope; // a stale request's scope, if the slot was reclaimed, is dropped
        scope.begin();
        publish(i, request);
        return true;
    }

    /** Sets the route template of {@code request} if it is in flight; false when it is not. */
    boolean route(Object request, String template) {
        int i = find(request);
        if (i >= 0) {
            routes[i] = template;
        }
        return i >= 0;
    }

    /** Sets the tenant of {@code request} if it is in flight. */
    void tenant(Object request, String tenant) {
        int i = find(request);
        if (i >= 0) {
            tenants[i] = tenant;
        }
    }

    /** The scope of {@code request} if it is in flight, else null. */
    RequestScope scope(Object request) {
        int i = find(request);
        return i >= 0 ? scopes[i] : null;
    }

    /** Claims {@code request}'s slot for its end: the slot, or a negative number when it has none. */
    int end(Object request) {
        return claim(request);
    }

    long startNanos(int slot) {
        return start(slot);
    }

    /** Frees a slot claimed by {@link #end}, once its fields were read. */
    void free(int slot) {
        release(slot);
    }

    int method(int slot) {
        return methods[slot];
    }

    String route(int slot) {
        return routes[slot];
    }

    String tenant(int slot) {
        return tenants[slot];
    }

    RequestScope scope(int slot) {
        return scopes[slot];
    }

    @Override
    protected void clear(int slot) {
        routes[slot] = null;
        tenants[slot] = null;
        RequestScope scope = scopes[slot];
        scopes[slot] = null;
        if (scope != null) {
            POOL.get().put(scope);
        }
    }

    /** One thread's spare scopes: a stack, used by that thread only. */
    static final class ScopePool {
        private final RequestScope[] spare = new RequestScope[POOLED];
        private int size;

        RequestScope take() {
            if (size == 0) {
                return RequestScope.detached();
            }
            RequestScope scope = spare[--size];
            spare[size] = null;
            return scope;
        }

        void put(RequestScope scope) {
            if (size < spare.length) {
                spare[size++] = scope;
            }
        }
    }

    /**
     * The path of a request URI (before any {@code ?}) as a reusable {@link CharSequence}, so a known route is found
     * without a substring. One per thread, re-pointed for each lookup and dropped after it.
     */
    static final class PathView implements CharSequence {
        private String uri;
        private int length;

        PathView reset(String uri, int length) {
            this.uri = uri;
            this.length = length;
            return this;
        }

        void clear() {
            uri = null;
            length = 0;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (index >= length) {
                throw new IndexOutOfBoundsException("index " + index + ", length " + length);
            }
            return uri.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return uri.substring(start, Math.min(end, length));
        }

        @Override
        public String toString() {
            return uri.substring(0, length);
        }
    }
}
