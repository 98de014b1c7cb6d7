package dev.vitals.agent.cache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Derives a keyspace from a Redis key without copying it: the result is the length of the key's prefix that
 * forms the keyspace, or a named keyspace's index.
 *
 * <p><b>Named keyspaces</b> ({@code cache.keyspaces=USER_PROFILE=user:profile:,...}) are checked first: a key
 * starting with a configured prefix belongs to that name (a hit rate per cache strategy).
 *
 * <p><b>Default rule.</b> The key is split at the delimiters ({@code :} by default). The keyspace is the leading
 * segments before the first id-like segment, at most {@code maxSegments} of them. The last segment never belongs
 * to the keyspace (it names the entry, e.g. {@code leaderboard:global} is in {@code leaderboard}), so a key value
 * can only reach a label through a segment that looks like a word. A segment is id-like when it is empty, has a
 * character other than an ASCII letter, {@code _} or {@code -} (digits, dots, {@code @}, non-ASCII), or is longer
 * than {@value #MAX_WORD} characters. So {@code user:profile:1234} gives {@code user:profile}, {@code
 * session:9f8e:data} gives {@code session}, and a key with no delimiter gives no keyspace ({@link #NONE}).
 *
 * <p><b>No part is a raw value.</b> A word may be a value too ({@code user:alice:cart}). So the keyspace's words
 * after the first are kept only when an id-like segment follows them ({@code user:profile:1234}), which shows that
 * they name a kind of entry; otherwise the keyspace is the first segment and {@code *} ({@code user:alice:cart}
 * and {@code user:profile:alice:prefs} give {@code user:*}). The first segment is the key's namespace by convention
 * and is kept ({@code leaderboard:global} gives {@code leaderboard}). The result then has the flag {@link #STAR}:
 * the keyspace is the key's first {@code length} characters (ending with a delimiter) and {@code *}.
 *
 * <p>A keyspace prefix is therefore pure ASCII, and the byte form of a key (Jedis' encoded arguments, Lettuce's
 * byte-array codec) and its string form give the same prefix. Immutable and thread-safe; the scan allocates
 * nothing.
 */
public final class KeyspaceRule {
    /** No keyspace: the key has no word-like leading segment. */
    public static final int NONE = -1;
    /** Set in a {@link #prefixLength} result whose keyspace is the prefix and then {@code *}. */
    public static final int STAR = 1 << 30;
    /** Longest segment that still counts as a word (longer ones are tokens or hashes). */
    static final int MAX_WORD = 32;

    private final boolean[] delimiter = new boolean[128];
    private final int maxSegments;
    private final String[] names;
    private final byte[][] prefixes;

    public KeyspaceRule(String delimiters, int maxSegments, List<String[]> named) {
        for (int i = 0; i < delimiters.length(); i++) {
            char c = delimiters.charAt(i);
            if (c < 128) {
                delimiter[c] = true;
            }
        }
        this.maxSegments = Math.max(1, maxSegments);
        this.names = new String[named.size()];
        this.prefixes = new byte[named.size()][];
        for (int i = 0; i < named.size(); i++) {
            names[i] = named.get(i)[0];
            prefixes[i] = named.get(i)[1].getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Parses {@code cache.keyspaces}: {@code NAME=prefix} pairs separated by commas. Pairs without {@code =},
     * an empty name or an empty prefix are returned in {@code rejected} and skipped.
     */
    public static List<String[]> parseNamed(String value, List<String> rejected) {
        List<String[]> named = new ArrayList<>();
        if (value == null) {
            return named;
        }
        for (String pair : value.split(",")) {
            String p = pair.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                rejected.add(p);
                continue;
            }
            named.add(new String[] {p.substring(0, eq).trim(), p.substring(eq + 1).trim()});
        }
        return named;
    }

    public int namedCount() {
        return names.length;
    }

    public String name(int index) {
        return names[index];
    }

    /** Index of the named keyspace whose prefix {@code key} starts with, or -1. */
    public int named(byte[] key) {
        for (int i = 0; i < prefixes.length; i++) {
            byte[] p = prefixes[i];
            if (key.length >= p.length && regionEquals(key, p)) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the named keyspace whose prefix {@code key} starts with, or -1. */
    public int named(CharSequence key) {
        for (int i = 0; i < prefixes.length; i++) {
            byte[] p = prefixes[i];
            if (key.length() >= p.length && regionEquals(key, p)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean regionEquals(byte[] key, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (key[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean regionEquals(CharSequence key, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            // Named prefixes are compared as ASCII; a non-ASCII prefix byte never equals a char here.
            if (key.charAt(i) != (char) (prefix[i] & 0xff) || prefix[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Length of the keyspace prefix of {@code key} by the default rule, with {@link #STAR} when the words after the
     * first become {@code *}; or {@link #NONE}.
     */
    public int prefixLength(byte[] key) {
        int end = wordPrefix(key);
        if (end <= 0) {
            return end;
        }
        int first = 0;
        while (first < end && !(key[first] >= 0 && delimiter[key[first]])) {
            first++;
        }
        if (first == end) {
            return end; // one segment: the namespace
        }
        boolean idLike = false;
        int i = end + 1;
        for (; i < key.length && !(key[i] >= 0 && delimiter[key[i]]); i++) {
            idLike |= !wordChar(key[i]) || i - end > MAX_WORD;
        }
        return idLike || i == end + 1 ? end : STAR | (first + 1);
    }

    private int wordPrefix(byte[] key) {
        int end = NONE;
        int segments = 0;
        int segStart = 0;
        boolean idLike = false;
        for (int i = 0; i < key.length; i++) {
            int c = key[i];
            if (c >= 0 && delimiter[c]) {
                if (idLike || i == segStart) {
                    return end;
                }
                end = i;
                if (++segments == maxSegments) {
                    return end;
                }
                segStart = i + 1;
            } else if (!wordChar(c) || i - segStart >= MAX_WORD) {
                idLike = true;
            }
        }
        return end;
    }

    /** {@link #prefixLength(byte[])} of a key given as characters. */
    public int prefixLength(CharSequence key) {
        int end = wordPrefix(key);
        if (end <= 0) {
            return end;
        }
        int first = 0;
        while (first < end && !(key.charAt(first) < 128 && delimiter[key.charAt(first)])) {
            first++;
        }
        if (first == end) {
            return end; // one segment: the namespace
        }
        boolean idLike = false;
        int i = end + 1;
        for (int n = key.length(); i < n && !(key.charAt(i) < 128 && delimiter[key.charAt(i)]); i++) {
            idLike |= !wordChar(key.charAt(i)) || i - end > MAX_WORD;
        }
        return idLike || i == end + 1 ? end : STAR | (first + 1);
    }

    private int wordPrefix(CharSequence key) {
        int end = NONE;
        int segments = 0;
        int segStart = 0;
        boolean idLike = false;
        int n = key.length();
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (c < 128 && delimiter[c]) {
                if (idLike || i == segStart) {
                    return end;
                }
                end = i;
                if (++segments == maxSegments) {
                    return end;
                }
                segStart = i + 1;
            } else if (!wordChar(c) || i - segStart >= MAX_WORD) {
                idLike = true;
            }
        }
        return end;
    }

    private static boolean wordChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
    }
}
