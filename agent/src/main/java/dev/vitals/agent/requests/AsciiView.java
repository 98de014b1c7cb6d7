package dev.vitals.agent.requests;

/**
 * A reusable {@link CharSequence} over a range of bytes that are all ASCII, so a container's raw request
 * line can be looked up in the {@link RouteTable} without first becoming a {@code String}. One instance
 * per thread, re-pointed for each lookup; never handed out beyond the lookup.
 */
final class AsciiView implements CharSequence {
    private byte[] bytes;
    private int start;
    private int length;

    /** Points this view at {@code bytes[start, end)}; false (and the view is unusable) if any byte is not ASCII. */
    boolean reset(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        this.bytes = bytes;
        this.start = start;
        this.length = end - start;
        return true;
    }

    /** Drops the reference to the container's buffer. */
    void clear() {
        bytes = null;
        length = 0;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + ", length " + length);
        }
        return (char) bytes[start + index];
    }

    @Override
    public CharSequence subSequence(int from, int to) {
        throw new UnsupportedOperationException("a lookup view");
    }

    @Override
    public String toString() {
        return new String(bytes, start, length, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
