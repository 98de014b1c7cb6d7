package dev.vitals.agent.cache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The capped set of keyspaces, looked up by a key's prefix without copying the key.
 *
 * <p>An open-addressing table keyed by the prefix's ASCII bytes, sized at four times the cap so probes stay
 * short. Lookups are lock-free reads of an {@link AtomicReferenceArray} and allocate nothing; inserting a new
 * keyspace takes a lock (it happens at most {@code cap} times). Past the cap every new prefix maps to the one
 * {@code _other} keyspace without being stored, so a million distinct keys, or prefixes, leave the table at
 * {@code cap} entries.
 */
final class Keyspaces {
    static final String OTHER = "_other";
    static final String NONE = "_none";

    private final KeyspaceRule rule;
    private final int cap;
    private final AtomicReferenceArray<Keyspace> slots;
    private final int mask;
    private final Factory factory;
    private final Keyspace other;
    private final Keyspace none;
    private final Keyspace[] named;
    private final Object insertLock = new Object();
    private volatile int size;

    Keyspaces(KeyspaceRule rule, int cap, Factory factory) {
        this.rule = rule;
        this.cap = cap;
        int capacity = Integer.highestOneBit(Math.max(16, cap * 4 - 1)) << 1;
        this.slots = new AtomicReferenceArray<>(capacity);
        this.mask = capacity - 1;
        this.factory = factory;
        this.other = factory.create(OTHER, null, 0);
        this.none = factory.create(NONE, null, 0);
        this.named = new Keyspace[rule.namedCount()];
        for (int i = 0; i < named.length; i++) {
            named[i] = factory.create(rule.name(i), null, 0);
        }
    }

    /** The keyspace of a key given as bytes (Jedis' encoded arguments, Lettuce's byte-array codec). */
    Keyspace of(byte[] key) {
        int n = rule.named(key);
        if (n >= 0) {
            return named[n];
        }
        int found = rule.prefixLength(key);
        if (found <= 0) {
            return none;
        }
        boolean star = (found & KeyspaceRule.STAR) != 0;
        int len = found & ~KeyspaceRule.STAR;
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = 31 * h + key[i];
        }
        if (star) {
            h = 31 * h + '*';
        }
        for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
            Keyspace k = slots.get(i);
            if (k == null) {
                return insert(new String(key, 0, len, StandardCharsets.ISO_8859_1) + (star ? "*" : ""), h);
            }
            if (k.hash == h && equals(k.ascii, key, len, star)) {
                return k;
            }
        }
    }

    /** The keyspace of a key given as a string (Lettuce's string codec, Jedis 5's key list). */
    Keyspace of(CharSequence key) {
        int n = rule.named(key);
        if (n >= 0) {
            return named[n];
        }
        int found = rule.prefixLength(key);
        if (found <= 0) {
            return none;
        }
        boolean star = (found & KeyspaceRule.STAR) != 0;
        int len = found & ~KeyspaceRule.STAR;
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = 31 * h + key.charAt(i);
        }
        if (star) {
            h = 31 * h + '*';
        }
        for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
            Keyspace k = slots.get(i);
            if (k == null) {
                return insert(key.subSequence(0, len).toString() + (star ? "*" : ""), h);
            }
            if (k.hash == h && equals(k.ascii, key, len, star)) {
                return k;
            }
        }
    }

    /** The keyspace of a key object of any type: bytes, a char sequence, otherwise {@code _none}. */
    Keyspace ofObject(Object key) {
        if (key instanceof byte[]) {
            return of((byte[]) key);
        }
        if (key instanceof CharSequence) {
            return of((CharSequence) key);
        }
        return none;
    }

    Keyspace none() {
        return none;
    }

    Keyspace other() {
        return other;
    }

    /** Every keyspace that exists: named ones, the table's, then {@code _none} and {@code _other}. */
    List<Keyspace> all() {
        List<Keyspace> list = new ArrayList<>();
        for (Keyspace k : named) {
            list.add(k);
        }
        for (int i = 0; i < slots.length(); i++) {
            Keyspace k = slots.get(i);
            if (k != null) {
                list.add(k);
            }
        }
        list.add(none);
        list.add(other);
        return list;
    }

    int size() {
        return size;
    }

    private Keyspace insert(String name, int h) {
        if (size >= cap) {
            return other;
        }
        synchronized (insertLock) {
            byte[] ascii = name.getBytes(StandardCharsets.ISO_8859_1);
            for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
                Keyspace k = slots.get(i);
                if (k == null) {
                    if (size >= cap) {
                        return other;
                    }
                    Keyspace entry = factory.create(name, ascii, h);
                    slots.set(i, entry);
                    size++;
                    return entry;
                }
                if (k.hash == h && java.util.Arrays.equals(k.ascii, ascii)) {
                    return k;
                }
            }
        }
    }

    /** Creates a keyspace with its metric handles. */
    interface Factory {
        Keyspace create(String name, byte[] ascii, int hash);
    }

    private static int spread(int h) {
        return (h ^ (h >>> 16)) * 0x9E3779B1;
    }

    /** Whether {@code ascii} is {@code key}'s first {@code len} bytes, then {@code *} when {@code star}. */
    private static boolean equals(byte[] ascii, byte[] key, int len, boolean star) {
        if (ascii.length != (star ? len + 1 : len) || (star && ascii[len] != '*')) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (ascii[i] != key[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean equals(byte[] ascii, CharSequence key, int len, boolean star) {
        if (ascii.length != (star ? len + 1 : len) || (star && ascii[len] != '*')) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (ascii[i] != key.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
