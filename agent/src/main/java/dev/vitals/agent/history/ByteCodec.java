package dev.vitals.agent.history;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The encoding of rollup payloads: unsigned LEB128 varints for counts and deltas, little-endian IEEE
 * doubles for gauge values. {@link Writer} grows as needed; {@link Reader} throws
 * {@link IllegalArgumentException} on truncated or malformed input, which the caller treats as a corrupt record.
 * Not thread-safe.
 */
final class ByteCodec {
    private ByteCodec() {
    }

    /** A growable byte buffer. */
    static final class Writer {
        private byte[] buffer;
        private int length;

        Writer(int initialCapacity) {
            buffer = new byte[Math.max(16, initialCapacity)];
        }

        void reset() {
            length = 0;
        }

        int length() {
            return length;
        }

        private void ensure(int more) {
            if (buffer.length - length < more) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
            }
        }

        void writeByte(int b) {
            ensure(1);
            buffer[length++] = (byte) b;
        }

        /** Unsigned LEB128; negative values take 10 bytes (callers write non-negative values). */
        void writeVarLong(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buffer[length++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buffer[length++] = (byte) v;
        }

        void writeDouble(double d) {
            long bits = Double.doubleToRawLongBits(d);
            ensure(8);
            for (int i = 0; i < 8; i++) {
                buffer[length++] = (byte) (bits >>> (8 * i));
            }
        }

        void writeString(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            writeVarLong(bytes.length);
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, length, bytes.length);
            length += bytes.length;
        }

        byte[] toArray() {
            return Arrays.copyOf(buffer, length);
        }
    }

    /** Reads what {@link Writer} wrote. */
    static final class Reader {
        private final byte[] data;
        private int position;

        Reader(byte[] data) {
            this.data = data;
        }

        boolean hasMore() {
            return position < data.length;
        }

        int readByte() {
            if (position >= data.length) {
                throw new IllegalArgumentException("truncated at " + position);
            }
            return data[position++] & 0xFF;
        }

        long readVarLong() {
            long result = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                int b = readByte();
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalArgumentException("varint too long at " + position);
        }

        /** A varint that must fit in {@code [0, max]}. */
        int readCount(int max) {
            long v = readVarLong();
            if (v < 0 || v > max) {
                throw new IllegalArgumentException("count " + v + " out of range at " + position);
            }
            return (int) v;
        }

        double readDouble() {
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits |= (long) readByte() << (8 * i);
            }
            return Double.longBitsToDouble(bits);
        }

        String readString() {
            int n = readCount(data.length - position);
            String s = new String(data, position, n, StandardCharsets.UTF_8);
            position += n;
            return s;
        }
    }
}
