package dev.vitals.agent.instrumentation;

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
    private static final int MAGIC = 0xCAFEBABE;
    private static final int LONG_TAG = 5;
    private static final int DOUBLE_TAG = 6;
    /**
     * The bytes of a constant, its tag included, by tag (JVMS 4.4); 0 for UTF-8, whose size is in the constant, and for
     * tags that do not exist.
     */
    private static final byte[] CONSTANT_SIZES = {
        0, 0, 0, 5, 5, 9, 9, 3, 3, 5, 5, 5, 5, 0, 0, 4, 3, 5, 5, 3, 3,
    };

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

    /**
     * The bits of the groups one of whose prefixes a UTF-8 constant of {@code classFile} starts with.
     *
     * <p>One pass over the constant pool, straight on the bytes, stepping over each constant by its tag: no ASM reader
     * is built for a class this rejects, which is most of the classes an application loads. Through a Tomcat start
     * this runs interpreted (the JIT compiles it only near the start's end), where building a reader first meant a
     * second pass over the pool and a method call per byte read. A tag this does not know (a class file newer than
     * the JVM it runs on could hold one) throws, and the caller keeps the class, as for any class file it cannot read.
     */
    long walk(byte[] classFile) {
        if (classFile.length < 10 || u4(classFile, 0) != MAGIC) {
            throw new IllegalArgumentException("not a class file");
        }
        int count = u2(classFile, 8);
        int offset = 10;
        long found = 0;
        for (int item = 1; item < count && found != all; item++) {
            int tag = classFile[offset];
            if (tag == UTF8_TAG) {
                int length = u2(classFile, offset + 1);
                if (length > 0) {
                    found = matchAt(classFile, offset + 3, length, found);
                }
                offset += 3 + length;
                continue;
            }
            int size = tag > 0 && tag < CONSTANT_SIZES.length ? CONSTANT_SIZES[tag] : 0;
            if (size == 0) {
                throw new IllegalArgumentException("constant pool tag " + tag + " at " + offset);
            }
            offset += size;
            if (tag == LONG_TAG || tag == DOUBLE_TAG) {
                item++; // a long or a double takes two slots
            }
        }
        return found;
    }

    /** {@code found} with the bits of the groups one of whose prefixes the UTF-8 constant at {@code start} starts with. */
    private long matchAt(byte[] classFile, int start, int length, long found) {
        int first = classFile[start] & 0xFF;
        byte[][] prefixes = prefixesByFirstByte[first];
        if (prefixes == null) {
            return found; // most constants: no prefix starts with their first byte
        }
        long[] bits = bitsByFirstByte[first];
        for (int i = 0; i < prefixes.length; i++) {
            if ((found & bits[i]) == 0 && startsWith(classFile, start, length, prefixes[i])) {
                found |= bits[i];
            }
        }
        return found;
    }

    private static boolean startsWith(byte[] classFile, int start, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 1; i < prefix.length; i++) { // the first byte is known to match
            if (classFile[start + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int u2(byte[] b, int offset) {
        return ((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF);
    }

    private static int u4(byte[] b, int offset) {
        return (u2(b, offset) << 16) | u2(b, offset + 2);
    }
}
