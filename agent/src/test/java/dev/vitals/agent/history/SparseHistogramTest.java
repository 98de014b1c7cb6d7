package dev.vitals.agent.history;

import dev.vitals.agent.metrics.Timer;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SparseHistogramTest {

    @Test
    void mergedBucketsGiveExactlyThePercentilesOfAllRawValues() {
        Random random = new Random(42);
        Histogram raw = Timer.newHistogram();
        SparseHistogram merged = SparseHistogram.EMPTY;
        for (int part = 0; part < 50; part++) {
            Histogram h = Timer.newHistogram();
            for (int i = 0; i < 200; i++) {
                long micros = (long) Math.exp(6 + random.nextGaussian() * 1.5) + 1;
                h.recordValue(micros);
                raw.recordValue(micros);
            }
            merged = merged.merge(SparseHistogram.of(h));
        }
        Histogram rebuilt = Timer.newHistogram();
        merged.addTo(rebuilt);
        assertEquals(raw.getTotalCount(), merged.totalCount());
        for (double p : new double[] {50, 90, 95, 99, 99.9, 100}) {
            assertEquals(raw.getValueAtPercentile(p), rebuilt.getValueAtPercentile(p), "p" + p);
        }
        assertEquals(raw.getMean(), rebuilt.getMean(), 1e-9);
        assertEquals(raw.getMaxValue(), rebuilt.getMaxValue());
    }

    @Test
    void encodingRoundTrips() {
        SparseHistogram h = SparseHistogram.ofValues(1, 5, 5, 1_000, 250_000, 3_600_000_000L);
        ByteCodec.Writer out = new ByteCodec.Writer(16);
        h.encode(out);
        SparseHistogram back = SparseHistogram.decode(new ByteCodec.Reader(out.toArray()));
        assertEquals(h, back);
        assertEquals(6, back.totalCount());
        assertEquals(SparseHistogram.EMPTY, roundTrip(SparseHistogram.EMPTY));
    }

    @Test
    void malformedEncodingIsRejected() {
        ByteCodec.Writer out = new ByteCodec.Writer(16);
        out.writeVarLong(2);
        out.writeVarLong(10);
        out.writeVarLong(1);
        out.writeVarLong(0); // a zero delta after the first bucket: not ascending
        out.writeVarLong(1);
        assertThrows(IllegalArgumentException.class, () -> SparseHistogram.decode(new ByteCodec.Reader(out.toArray())));
        byte[] truncated = {5, 1};
        assertThrows(IllegalArgumentException.class, () -> SparseHistogram.decode(new ByteCodec.Reader(truncated)));
    }

    private static SparseHistogram roundTrip(SparseHistogram h) {
        ByteCodec.Writer out = new ByteCodec.Writer(16);
        h.encode(out);
        return SparseHistogram.decode(new ByteCodec.Reader(out.toArray()));
    }
}
