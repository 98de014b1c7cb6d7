package dev.vitals.agent.requests;

import dev.vitals.agent.metrics.SeriesFamily;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The bounded set of route templates seen so far. A request's route is found without allocating when it
 * is already known; a new route is added while fewer than {@code limit} exist, and past that every new
 * route is {@link #OTHER}. So a flood of distinct URLs costs one hash walk each and no memory.
 *
 * <p>Thread-safe. Lookups are lock-free: a slot's hash is written before its route, and the route is
 * published with a volatile write, so a reader that sees a route sees its hash. Additions (at most
 * {@code limit} in the process's life) take a lock. Entries are never removed.
 */
public final class RouteTable {
    /** The route of everything past the cap, and of unmatched 404s that would otherwise fill it. */
    public static final String OTHER = SeriesFamily.OTHER;

    private final int limit;
    private final AtomicReferenceArray<String> routes;
    private final int[] hashes;
    private final int mask;
    private volatile int size;

    public RouteTable(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        this.limit = limit;
        int capacity = Integer.highestOneBit(Math.max(16, limit * 2 - 1)) << 1;
        this.routes = new AtomicReferenceArray<>(capacity);
        this.hashes = new int[capacity];
        this.mask = capacity - 1;
    }

    public int size() {
        return size;
    }

    public int limit() {
        return limit;
    }

    /**
     * The normalised route of a raw path ({@link RouteNormalizer}). When it is new, it is added if
     * {@code mayAdd} and there is room; otherwise the answer is {@link #OTHER}.
     */
    public String normalized(String rawPath, boolean mayAdd) {
        String known = known(rawPath);
        if (known != null) {
            return known;
        }
        if (!mayAdd || size >= limit) {
            return OTHER;
        }
        return add(RouteNormalizer.normalize(rawPath));
    }

    /**
     * The normalised route of a raw path if it is already in the table, else null. Never adds: the caller
     * does not know the response status yet, and falls back to {@link #normalized} when this answers null.
     */
    public String known(CharSequence rawPath) {
        int hash = RouteNormalizer.hash(rawPath);
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            String r = routes.get(i);
            if (r == null) {
                return null;
            }
            if (hashes[i] == hash && RouteNormalizer.matches(rawPath, r)) {
                return r;
            }
        }
    }

    /**
     * The route of a request matched by a servlet's path mapping ({@link RouteNormalizer#normalizeMapped}) if it
     * is already in the table, else null. Never adds; allocates nothing. The parts may be a container's own
     * character buffers.
     */
    public String knownMapped(CharSequence contextPath, CharSequence servletPath, CharSequence pathInfo) {
        int hash = RouteNormalizer.hashMapped(contextPath, servletPath, pathInfo);
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            String r = routes.get(i);
            if (r == null) {
                return null;
            }
            if (hashes[i] == hash && RouteNormalizer.matchesMapped(contextPath, servletPath, pathInfo, r)) {
                return r;
            }
        }
    }

    /** Like {@link #normalized}, for a request matched by a servlet's path mapping. */
    public String mapped(String contextPath, String servletPath, String pathInfo, boolean mayAdd) {
        String known = knownMapped(contextPath, servletPath, pathInfo);
        if (known != null) {
            return known;
        }
        if (!mayAdd || size >= limit) {
            return OTHER;
        }
        return add(RouteNormalizer.normalizeMapped(contextPath, servletPath, pathInfo));
    }

    /**
     * The route {@code a + b + c} (null parts are empty), as given by a framework (a Spring MVC pattern
     * after the context and servlet paths). Found without concatenating when known; added while there is room.
     */
    public String template(String a, String b, String c) {
        int hash = hashConcat(a, b, c);
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            String r = routes.get(i);
            if (r == null) {
                break;
            }
            if (hashes[i] == hash && equalsConcat(r, a, b, c)) {
                return r;
            }
        }
        if (size >= limit) {
            return OTHER;
        }
        return add(nonNull(a) + nonNull(b) + nonNull(c));
    }

    private synchronized String add(String route) {
        int hash = route.hashCode();
        int slot = hash & mask;
        for (String r; (r = routes.get(slot)) != null; slot = (slot + 1) & mask) {
            if (hashes[slot] == hash && r.equals(route)) {
                return r;
            }
        }
        if (size >= limit) {
            return OTHER;
        }
        hashes[slot] = hash;
        routes.set(slot, route);
        size = size + 1;
        return route;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static int hashConcat(String a, String b, String c) {
        return RouteNormalizer.hashInto(RouteNormalizer.hashInto(RouteNormalizer.hashInto(0, a), b), c);
    }

    private static boolean equalsConcat(String r, String a, String b, String c) {
        int la = a == null ? 0 : a.length();
        int lb = b == null ? 0 : b.length();
        int lc = c == null ? 0 : c.length();
        return r.length() == la + lb + lc
                && (la == 0 || r.regionMatches(0, a, 0, la))
                && (lb == 0 || r.regionMatches(la, b, 0, lb))
                && (lc == 0 || r.regionMatches(la + lb, c, 0, lc));
    }
}
