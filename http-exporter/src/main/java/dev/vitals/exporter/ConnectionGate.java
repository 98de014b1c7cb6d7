package dev.vitals.exporter;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;

/**
 * Caps open connections in total and per client address, without ever making a new client wait.
 *
 * <p>When a new connection would pass a cap, the oldest <em>idle</em> connection in that scope (the whole
 * listener, or the one client address) is closed to make room: idle means no request is being served on it,
 * so it is either waiting for its next request or still sending a request head, as a slowloris client does.
 * Only when every connection in the scope is busy is the new one refused (a JSON 503). So a probe always gets
 * a connection while the listener is full of slow or idle clients, and a slow client is evicted before it can
 * hold its place for the whole request-parse timeout.
 *
 * <p>Thread-safe; the accept thread admits and IO/worker threads mark connections busy or idle.
 */
final class ConnectionGate {
    /** What happened to a new connection. */
    enum Admission {
        ADMITTED, REFUSED
    }

    private static final class Tracked {
        final InetAddress client;
        int busy;

        Tracked(InetAddress client) {
            this.client = client;
        }
    }

    /** The error code and detail of the 503 a refused connection gets. */
    static final String REFUSED_ERROR = "too_many_connections";
    static final String REFUSED_DETAIL = "the listener is at its connection limit with every connection busy; retry";
    /**
     * Refused connections that may wait for their request to read the 503 (see {@link #refuseLater}); past this
     * many, a refused connection is closed at once.
     */
    static final int MAX_LATE_REFUSALS = 64;

    private final int maxTotal;
    private final int maxPerClient;
    /** Insertion-ordered, so the first idle entry found is the oldest. */
    private final LinkedHashMap<StreamConnection, Tracked> open = new LinkedHashMap<>();
    private final Map<InetAddress, Integer> perClient = new HashMap<>();
    /** Refused connections answered 503 on their first request; never counted in {@link #open}. */
    private final HashSet<StreamConnection> refusedLater = new HashSet<>();
    private long evicted;
    private long refused;

    ConnectionGate(int maxTotal, int maxPerClient) {
        this.maxTotal = maxTotal;
        this.maxPerClient = maxPerClient;
    }

    /** Admits a new connection, evicting the oldest idle one of its scope when a cap is reached. */
    synchronized Admission admit(StreamConnection connection, InetAddress client) {
        if (open.size() >= maxTotal || count(client) >= maxPerClient) {
            prune();
        }
        if (count(client) >= maxPerClient && !evictOldestIdle(client)) {
            refused++;
            return Admission.REFUSED;
        }
        if (open.size() >= maxTotal && !evictOldestIdle(null)) {
            refused++;
            return Admission.REFUSED;
        }
        open.put(connection, new Tracked(client));
        perClient.merge(client, 1, Integer::sum);
        return Admission.ADMITTED;
    }

    /**
     * Keeps a refused connection open just long enough to be told so: its first request is answered with the 503,
     * then it is closed. Closing at once instead would lose the answer (the client's request, arriving at a closed
     * socket, resets the connection), and a TLS client can read nothing before its handshake. The caller closes it
     * after the request-head time, answered or not.
     *
     * @return false when {@value #MAX_LATE_REFUSALS} refused connections are already waiting: close it now
     */
    synchronized boolean refuseLater(StreamConnection connection) {
        refusedLater.removeIf(c -> !c.isOpen());
        return refusedLater.size() < MAX_LATE_REFUSALS && refusedLater.add(connection);
    }

    /** Whether the connection was refused by {@link #refuseLater}: its request gets the 503. */
    synchronized boolean refusedLater(StreamConnection connection) {
        return refusedLater.contains(connection);
    }

    /** A request (or a WebSocket session) started on the connection: it must not be evicted until it ends. */
    synchronized void busy(StreamConnection connection) {
        Tracked t = open.get(connection);
        if (t != null) {
            t.busy++;
        }
    }

    /** The request started by {@link #busy} ended. */
    synchronized void idle(StreamConnection connection) {
        Tracked t = open.get(connection);
        if (t != null && t.busy > 0) {
            t.busy--;
        }
    }

    synchronized int openConnections() {
        prune();
        return open.size();
    }

    /** Connections closed to make room for newer ones. */
    synchronized long evicted() {
        return evicted;
    }

    /** Connections refused because every connection in their scope was busy. */
    synchronized long refused() {
        return refused;
    }

    private int count(InetAddress client) {
        Integer n = perClient.get(client);
        return n == null ? 0 : n;
    }

    /** Forgets connections that closed by themselves (timeouts, clients hanging up, responses with close). */
    private void prune() {
        for (Iterator<Map.Entry<StreamConnection, Tracked>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<StreamConnection, Tracked> e = it.next();
            if (!e.getKey().isOpen()) {
                it.remove();
                forget(e.getValue().client);
            }
        }
    }

    /** @param client the scope, or {@code null} for any client */
    private boolean evictOldestIdle(InetAddress client) {
        for (Iterator<Map.Entry<StreamConnection, Tracked>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<StreamConnection, Tracked> e = it.next();
            Tracked t = e.getValue();
            if (t.busy == 0 && (client == null || client.equals(t.client))) {
                it.remove();
                forget(t.client);
                evicted++;
                IoUtils.safeClose(e.getKey());
                return true;
            }
        }
        return false;
    }

    private void forget(InetAddress client) {
        perClient.computeIfPresent(client, (k, n) -> n > 1 ? n - 1 : null);
    }
}
