package dev.vitals.agent.database;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeakIdentityTableTest {
    @Test
    void identityNotEquality() {
        WeakIdentityTable<String> t = new WeakIdentityTable<>(64);
        String a = new String("same");
        String b = new String("same");
        t.put(a, "A");
        assertEquals("A", t.get(a));
        assertNull(t.get(b));
        t.put(a, "A2");
        assertEquals("A2", t.get(a));
    }

    @Test
    void boundedUnderAnyNumberOfKeys() {
        WeakIdentityTable<Integer> t = new WeakIdentityTable<>(1024);
        Object[] live = new Object[100_000];
        for (int i = 0; i < live.length; i++) {
            live[i] = new Object();
            t.put(live[i], i);
        }
        assertEquals(1024, t.capacity());
        assertTrue(t.liveEntries() <= 1024);
        // The most recent key is always found (it was just placed).
        assertEquals(live.length - 1, t.get(live[live.length - 1]));
    }

    @Test
    void keysAreHeldWeakly() throws InterruptedException {
        WeakIdentityTable<String> t = new WeakIdentityTable<>(64);
        Object key = new Object();
        WeakReference<Object> probe = new WeakReference<>(key);
        t.put(key, "value");
        key = null;
        for (int i = 0; i < 50 && probe.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(probe.get(), "the table kept its key alive");
        assertEquals(0, t.liveEntries());
    }
}
