package dev.vitals.agent.requests;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteTableTest {
    @Test
    void knownRouteIsTheSameInstance() {
        RouteTable table = new RouteTable(10);
        String first = table.normalized("/api/products/1", true);
        assertEquals("/api/products/{id}", first);
        assertSame(first, table.normalized("/api/products/2", true));
        assertSame(first, table.normalized("/api/products/3", false));
        assertEquals(1, table.size());
    }

    @Test
    void capSendsNewRoutesToOther() {
        RouteTable table = new RouteTable(3);
        table.normalized("/a", true);
        table.normalized("/b", true);
        table.normalized("/c", true);
        assertEquals(RouteTable.OTHER, table.normalized("/d", true));
        assertEquals("/a", table.normalized("/a", true));
        assertEquals(3, table.size());
    }

    @Test
    void lookupWithoutAddLeavesTableUnchanged() {
        RouteTable table = new RouteTable(3);
        assertEquals(RouteTable.OTHER, table.normalized("/missing/page", false));
        assertEquals(0, table.size());
    }

    @Test
    void templatesAreJoinedAndCapped() {
        RouteTable table = new RouteTable(2);
        String owners = table.template("/shop", null, "/owners/{ownerId}");
        assertEquals("/shop/owners/{ownerId}", owners);
        assertSame(owners, table.template("/shop", "", "/owners/{ownerId}"));
        assertSame(owners, table.template("/shop/owners", null, "/{ownerId}"));
        assertEquals("/mvc/pets", table.template("", "/mvc", "/pets"));
        assertEquals(RouteTable.OTHER, table.template(null, null, "/vets"));
    }

    /** A million distinct URLs: the table never grows past its cap. */
    @Test
    void floodOfDistinctPathsStaysBounded() {
        RouteTable table = new RouteTable(200);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000_000; i++) {
            seen.add(table.normalized("/flood/p" + Integer.toString(i, 36) + "x", true));
        }
        assertEquals(200, table.size());
        assertEquals(201, seen.size(), "200 routes plus _other");
        assertTrue(seen.contains(RouteTable.OTHER));
    }

    @Test
    void concurrentAddersAgreeOnOneInstancePerRoute() throws Exception {
        RouteTable table = new RouteTable(1_000);
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentHashMap<String, String> canonical = new ConcurrentHashMap<>();
        AtomicInteger distinctInstances = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 5_000; i++) {
                    String r = table.normalized("/r" + letters(i % 500) + "/1", true);
                    String first = canonical.putIfAbsent(r, r);
                    if (first != null && first != r) {
                        distinctInstances.incrementAndGet();
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertEquals(500, table.size());
        assertEquals(0, distinctInstances.get(), "one String instance per route");
    }

    /** {@code n} written in letters (a word, which stays literal in a route). */
    private static String letters(int n) {
        StringBuilder sb = new StringBuilder();
        do {
            sb.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return sb.toString();
    }

    @Test
    void pathMappedRoutesAreFoundFromTheMappingsParts() {
        RouteTable table = new RouteTable(10);
        String route = table.mapped("/shop", "/cache", "/alice", true);
        assertEquals("/shop/cache/{value}", route);
        assertSame(route, table.mapped("/shop", "/cache", "/bob", false));
        assertSame(route, table.knownMapped("/shop", new StringBuilder("/cache"), java.nio.CharBuffer.wrap("/carol")));
        assertEquals(null, table.knownMapped("/shop", "/cache", "/carol/7"));
        assertEquals(RouteTable.OTHER, table.mapped("/shop", "/cache", "/carol/7", false), "a 404 adds no route");
        assertEquals(1, table.size());
    }
}
