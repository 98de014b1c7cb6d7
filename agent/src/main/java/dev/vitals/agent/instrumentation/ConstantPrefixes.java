package dev.vitals.agent.instrumentation;

import net.bytebuddy.jar.asm.ClassReader;

import java.util.Arrays;

/**
 * Groups of ASCII prefixes that header matchers look for at the start of a class file's UTF-8 constants (a method's
 * name, a descriptor), all found in one walk of the constant pool: the servlet matcher and the three JDBC matchers
 * asked about the same class each walked it before. Each group is one bit of a walk's result. Immutable: a new group
 * makes a new set ({@link #with}).
 */
final class ConstantPrefixes {
    static final ConstantPrefixes NONE = new ConstantPrefixes(new byte[0][][]);
    /** The groups that get a bit; the matchers register a handful. */
    static final int MAX_GROUPS = 64;
    private static final int UTF8_TAG = 1;

    private final byte[][][] groups;
    private final long all;
    /** By a constant's first byte: the prefixes that start with it, and the bit of each one's group. */
    private final byte[][][] prefixesByFirstByte = new byte[256][][];
    private final long[][] bitsByFirstByte = new long[256][];

    private ConstantPrefixes(byte[][][] groups) {
        this.groups = groups;
        this.all = groups.length == MAX_GROUPS ? -1L : (1L << groups.length) - 1;
        for (int g = 0; g < groups.length; g++) {
            for (byte[] prefix : groups[g]) {
                int first = prefix[0] & 0xFF;
                byte[][] prefixes = prefixesByFirstByte[first];
                int n = prefixes == null ? 0 : prefixes.length;
                prefixesByFirstByte[first] = prefixes == null ? new byte[1][] : Arrays.copyOf(prefixes, n + 1);
                prefixesByFirstByte[first][n] = prefix;
                bitsByFirstByte[first] = bitsByFirstByte[first] == null ? new long[1] : Arrays.copyOf(bitsByFirstByte[first], n + 1);
                bitsByFirstByte[first][n] = 1L << g;
            }
        }
    }

    /** One group on its own, for a group past {@link #MAX_GROUPS}. */
    static ConstantPrefixes of(byte[][] prefixes) {
        return NONE.with(prefixes);
    }

    /**
     * This set and {@code prefixes} (non-empty ASCII prefixes) as one more group; this set if it holds them already. The
     * array is kept, not copied, so that {@link #bitOf} finds a matcher's own array by identity; it must not change.
     */
    ConstantPrefixes with(byte[][] prefixes) {
        if (bitOf(prefixes) != 0) {
            return this;
        }
        if (groups.length == MAX_GROUPS) {
            throw new IllegalStateException("at most " + MAX_GROUPS + " groups of constant prefixes");
        }
        for (byte[] prefix : prefixes) {
            if (prefix.length == 0) {
                throw new IllegalArgumentException("an empty constant prefix");
            }
        }
        byte[][][] more = Arrays.copyOf(groups, groups.length + 1);
        more[groups.length] = prefixes;
        return new ConstantPrefixes(more);
    }

    boolean full() {
        return groups.length == MAX_GROUPS;
    }

    /** The bit of the group of {@code prefixes} (the same array, or equal prefixes), or 0 if this set lacks it. */
    long bitOf(byte[][] prefixes) {
        for (int g = 0; g < groups.length; g++) {
            if (groups[g] == prefixes) {
                return 1L << g;
            }
        }
        for (int g = 0; g < groups.length; g++) {
            if (Arrays.deepEquals(groups[g], prefixes)) {
                return 1L << g;
            }
        }
        return 0;
    }

    /** The bits of the groups one of whose prefixes a UTF-8 constant of {@code reader}'s class file starts with. */
    long walk(ClassReader reader) {
        long found = 0;
        int items = reader.getItemCount();
        for (int item = 1; item < items && found != all; item++) {
            int offset = reader.getItem(item);
            // 0 is the unused slot after a long or a double; the tag byte precedes each constant.
            if (offset == 0 || reader.readByte(offset - 1) != UTF8_TAG) {
                continue;
            }
            int length = reader.readUnsignedShort(offset);
            if (length == 0) {
                continue;
            }
            int first = reader.readByte(offset + 2);
            byte[][] prefixes = prefixesByFirstByte[first];
            if (prefixes == null) {
                continue; // most constants: no prefix starts with their first byte
            }
            long[] bits = bitsByFirstByte[first];
            for (int i = 0; i < prefixes.length; i++) {
                if ((found & bits[i]) == 0 && startsWith(reader, offset + 2, length, prefixes[i])) {
                    found |= bits[i];
                }
            }
        }
        return found;
    }

    private static boolean startsWith(ClassReader reader, int start, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 1; i < prefix.length; i++) { // the first byte is known to match
            if (reader.readByte(start + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
